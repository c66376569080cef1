import type { Redis } from 'ioredis';
import type { Fix } from '../../../contracts/domain.js';
import type { ArchiveQueuePort, DurableStorePort } from '../../ports.js';
import { createStreamArchive } from '../redis/archive-queue.js';
import type { RedisFixStream } from '../redis/fix-stream.js';
import { createFileJournal, readJournal } from './journal.js';
import { createOutageQueue, type OutageQueue, type QueuedWrite } from './outage-queue.js';

export interface GuardedArchiveOptions {
  /** fixes held in memory while Redis is down; also how many sent-but-not-yet-archived are remembered */
  max: number;
  retryAfterS: number;
  onError?(err: unknown): void;
  /** file that keeps fixes held during an outage across a crash (OUTAGE_JOURNAL_DIR) */
  journalFile?: string;
}

interface Sent {
  fixes: readonly Fix[];
  ids: string[];
  left: number;
  /** entries this process's consumer is writing to the store right now */
  inHand: number;
  /** Redis lost it while it was in hand: send it again only if that write fails */
  orphan?: boolean;
}

/**
 * The Redis-stream archive, kept going through a Redis outage. Appends go to the stream while Redis
 * answers and to an ordered in-memory buffer while it does not (replayed on reconnect, 503 once
 * full). A batch XADDed but not yet written to the store by this process is also remembered: a
 * Redis restarted without persistence has lost it, so it is sent again (before the buffer).
 * Entries drained by another process are released once the group has acknowledged them; one
 * drained elsewhere in the last second before such a restart may be archived twice, never lost.
 */
export async function createGuardedStreamArchive(
  stream: RedisFixStream,
  redis: Redis,
  key: string,
  group: string,
  store: Pick<DurableStorePort, 'appendTrack'>,
  opts: GuardedArchiveOptions,
): Promise<ArchiveQueuePort & { queue: OutageQueue }> {
  const onError = opts.onError ?? (() => {});
  const isUp = () => redis.status === 'ready';
  const journal = opts.journalFile ? createFileJournal(opts.journalFile) : undefined;
  const queue = createOutageQueue({ name: 'Redis', isUp, max: opts.max, retryAfterS: opts.retryAfterS, onError, journal });
  const sentById = new Map<string, Sent>();
  const sent = new Set<Sent>();
  let sentWeight = 0;
  // ids the consumer took or stored before their XADD reply reached us (a race under load)
  const takenEarly = new Set<string>();
  const storedEarly = new Set<string>();

  const forget = (s: Sent) => {
    if (!sent.delete(s)) return;
    sentWeight -= s.fixes.length;
    for (const id of s.ids) sentById.delete(id);
  };
  const remember = (fixes: readonly Fix[], ids: string[]) => {
    const s: Sent = { fixes, ids, left: ids.length, inHand: 0 };
    for (const id of ids) {
      if (storedEarly.delete(id)) s.left--;
      else {
        sentById.set(id, s);
        if (takenEarly.has(id)) s.inHand++;
      }
    }
    if (s.left === 0) return;
    sent.add(s);
    sentWeight += fixes.length;
    for (const oldest of sent) {
      if (sentWeight <= opts.max) break;
      forget(oldest);
    }
  };
  const watch = {
    taking(ids: string[]) {
      for (const id of ids) {
        const s = sentById.get(id);
        if (s) s.inHand++;
        else {
          if (takenEarly.size > 10_000) takenEarly.clear();
          takenEarly.add(id);
        }
      }
    },
    done(ids: string[], ok: boolean) {
      for (const id of ids) {
        takenEarly.delete(id);
        const s = sentById.get(id);
        if (!s) {
          if (!ok) continue;
          if (storedEarly.size > 10_000) storedEarly.clear();
          storedEarly.add(id);
          continue;
        }
        s.inHand = Math.max(0, s.inHand - 1);
        if (ok) {
          sentById.delete(id);
          if (--s.left === 0) forget(s);
        } else if (s.orphan && s.inHand === 0) {
          forget(s);
          queue.requeueFirst([write(s.fixes)]);
        }
      }
    },
  };
  const write = (fixes: readonly Fix[]): QueuedWrite => ({
    weight: fixes.length,
    record: { fixes },
    run: async () => remember(fixes, await stream.add(fixes)),
  });
  // fixes a crashed process answered for and never got into the stream go first
  if (opts.journalFile) {
    const left = (readJournal(opts.journalFile) as { fixes?: unknown }[]).filter((r) => Array.isArray(r?.fixes)) as { fixes: Fix[] }[];
    if (left.length) queue.requeueFirst(left.map((r) => write(r.fixes)), true);
  }

  // after a reconnect: batches whose first entry the stream no longer has were lost with Redis
  let connectedOnce = redis.status === 'ready';
  const onReady = () => {
    if (!connectedOnce) return void (connectedOnce = true);
    void (async () => {
      const batches = [...sent];
      if (!batches.length) return;
      const pipe = redis.pipeline();
      for (const s of batches) pipe.xrange(key, s.ids[0], s.ids[0]);
      const found = (await pipe.exec()) ?? [];
      const gone = batches.filter((s, i) => {
        const [err, hits] = found[i] ?? [];
        return !err && Array.isArray(hits) && hits.length === 0;
      });
      // one being written to the store right now is not lost unless that write fails
      for (const s of gone) if (s.inHand > 0) s.orphan = true;
      const lost = gone.filter((s) => s.inHand === 0);
      for (const s of lost) forget(s);
      queue.requeueFirst(lost.map((s) => write(s.fixes)));
    })().catch(onError);
  };
  redis.on('ready', onReady);

  // entries other processes drained: the group's acknowledged watermark releases them
  const sweep = setInterval(() => {
    if (!sent.size || !isUp()) return;
    void (async () => {
      const [pending, groups] = await Promise.all([redis.xpending(key, group) as Promise<[number, string | null]>, redis.xinfo('GROUPS', key) as Promise<unknown[][]>]);
      const info = groups.map((g) => new Map(Array.from({ length: g.length >> 1 }, (_, i) => [String(g[2 * i]), g[2 * i + 1]]))).find((m) => m.get('name') === group);
      const delivered = info?.get('last-delivered-id');
      if (typeof delivered !== 'string') return;
      const oldestPending = Number(pending[0]) > 0 ? pending[1] : null;
      const acked = (id: string) => !idAfter(id, delivered) && (oldestPending === null || idAfter(oldestPending, id));
      for (const s of sent) if (s.inHand === 0 && s.ids.every(acked)) forget(s);
    })().catch(onError);
  }, 1000);
  sweep.unref();

  const inner = await createStreamArchive(stream, redis, key, group, store, watch);
  return {
    queue,
    append: (fixes) => queue.submit(write(fixes)),
    async backlog() {
      return (await inner.backlog()) + queue.held;
    },
    async close() {
      clearInterval(sweep);
      redis.off('ready', onReady);
      await queue.close();
      await inner.close();
    },
  };
}

/** Whether stream id `a` ("ms-seq") comes after `b`. */
function idAfter(a: string, b: string): boolean {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am > bm || (am === bm && as > bs);
}
