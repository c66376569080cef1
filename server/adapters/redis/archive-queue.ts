import type { Redis } from 'ioredis';
import type { ArchiveQueuePort, DurableStorePort } from '../../ports.js';
import type { RedisFixStream } from './fix-stream.js';

/** Follows the entries this process's consumer writes to the store. */
export interface ArchiveWatch {
  taking(entryIds: string[]): void;
  done(entryIds: string[], stored: boolean): void;
}

/**
 * The track archive behind the shared Redis fix stream: ingestion appends to the stream (durable
 * as far as Redis is: run it with AOF in production), and this process's consumer in the group
 * writes entries to the durable store, acknowledging each once stored. Entries of a process that
 * died are claimed by the others after the stream's claim time; the store's appends are idempotent,
 * so a retried entry never duplicates fixes.
 */
export async function createStreamArchive(
  stream: RedisFixStream,
  redis: Redis,
  key: string,
  group: string,
  store: Pick<DurableStorePort, 'appendTrack'>,
  /** told which entries this process is writing to the store, and how that ended */
  watch?: ArchiveWatch,
): Promise<ArchiveQueuePort> {
  await stream.consume(async (fixes, _last, ids, sizes) => {
    watch?.taking(ids);
    try {
      // entries keep their own keys: read together now, they may be retried apart (or the reverse)
      await store.appendTrack(fixes, sizes);
    } catch (err) {
      watch?.done(ids, false);
      throw err;
    }
    watch?.done(ids, true);
  });
  return {
    async append(fixes) {
      await stream.add(fixes);
    },
    async backlog() {
      // XINFO GROUPS: flat [name, g, consumers, n, pending, n, last-delivered-id, id, entries-read, n, lag, n]
      const groups = (await redis.xinfo('GROUPS', key)) as unknown[][];
      for (const g of groups) {
        const info = new Map<string, unknown>();
        for (let i = 0; i + 1 < g.length; i += 2) info.set(String(g[i]), g[i + 1]);
        if (info.get('name') === group) return Number(info.get('pending') ?? 0) + Number(info.get('lag') ?? 0);
      }
      return 0;
    },
    close: () => stream.close(),
  };
}
