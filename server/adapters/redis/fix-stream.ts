import type { Redis } from 'ioredis';
import type { Fix } from '../../../contracts/domain.js';

export interface FixStreamOptions {
  /** stream key, e.g. 'cf:fixes' */
  stream: string;
  /** consumer group: every process of one deployment uses the same group and shares the work */
  group: string;
  /** this process's name within the group; must be unique among live processes */
  consumer: string;
  /** entries per XREADGROUP */
  count?: number;
  /** how long one XREADGROUP blocks waiting for entries */
  blockMs?: number;
  /** an entry pending this long is taken over from its consumer (presumed dead) */
  claimIdleMs?: number;
  /** attempts before an entry is moved to `<stream>:dead` and acknowledged */
  maxAttempts?: number;
  /**
   * Hard cap on the stream length (XADD MAXLEN ~). Unset by default: Redis would drop the oldest
   * entries even when no process has stored them yet. Acknowledged entries are trimmed instead.
   */
  maxLen?: number;
  /** how often acknowledged entries are trimmed (default 5 s) */
  trimEveryMs?: number;
  /** fixes packed into one stream entry */
  fixesPerEntry?: number;
  /** a handler failure that says nothing about the entry (the store is unreachable): not counted toward maxAttempts */
  isTransient?: (err: unknown) => boolean;
  /** handler failures, poison entries and Redis errors of the consume loop */
  onError?: (err: unknown) => void;
}

/** A handler gets the fixes of one or more stream entries (the last id, then all); they are acknowledged when it resolves. */
/** `sizes`: the fixes of each entry, in order (`fixes` is their concatenation) */
export type FixHandler = (fixes: Fix[], entryId: string, entryIds: string[], sizes: number[]) => Promise<void> | void;

export interface RedisFixStream {
  /** appends fixes (packed in entries of `fixesPerEntry`); returns the entry ids */
  add(fixes: readonly Fix[]): Promise<string[]>;
  /** creates the group if needed and starts the consume loop in the background */
  consume(handler: FixHandler): Promise<void>;
  /** entries delivered to the group and not yet acknowledged */
  pendingCount(): Promise<number>;
  /** stops the loop after the entry in hand; closes the blocking connection */
  close(): Promise<void>;
}

type Entry = [id: string, fields: string[] | null];

/**
 * Ingestion through a Redis Stream shared by a consumer group: XREADGROUP hands each entry to one
 * process, XACK after the handler succeeds, and XAUTOCLAIM takes over entries left pending by a
 * consumer that died, so a crash delays fixes but does not lose them (at-least-once: handlers must
 * be idempotent, which the stores are). A failing entry is retried after `claimIdleMs` and after
 * `maxAttempts` moved to a dead-letter stream, so one bad entry cannot block the group.
 */
export function createRedisFixStream(redis: Redis, opts: FixStreamOptions): RedisFixStream {
  const { stream, group, consumer } = opts;
  const count = opts.count ?? 100;
  const blockMs = opts.blockMs ?? 1000;
  const claimIdleMs = opts.claimIdleMs ?? 30_000;
  const maxAttempts = opts.maxAttempts ?? 5;
  const maxLen = opts.maxLen;
  const trimEveryMs = opts.trimEveryMs ?? 5_000;
  const perEntry = opts.fixesPerEntry ?? 500;
  const onError = opts.onError ?? (() => {});
  const dead = `${stream}:dead`;
  const attempts = new Map<string, number>();
  let reader: Redis | undefined;
  let loop: Promise<void> | undefined;
  let running = false;

  async function ensureGroup(): Promise<void> {
    try {
      await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
    } catch (err) {
      if (!String(err).includes('BUSYGROUP')) throw err;
    }
  }

  /**
   * Hands all entries of one read to the handler at once (the archive merges fixes of one vehicle
   * and time window into one write) and acknowledges them together; if that fails, entry by entry,
   * so one bad entry is retried and dead-lettered alone.
   */
  async function handle(entries: Entry[], handler: FixHandler): Promise<void> {
    if (entries.length > 1) {
      const ids: string[] = [];
      const sizes: number[] = [];
      const all: Fix[] = [];
      let parsable = true;
      for (const [id, fields] of entries) {
        if (!fields) continue;
        try {
          const fixes = JSON.parse(fields[fields.indexOf('f') + 1]) as Fix[];
          if (!Array.isArray(fixes)) throw new Error('not an array');
          for (const f of fixes) all.push(f);
          ids.push(id);
          sizes.push(fixes.length);
        } catch {
          parsable = false;
          break;
        }
      }
      if (parsable && ids.length) {
        let handled = false;
        try {
          await handler(all, ids[ids.length - 1], ids, sizes);
          handled = true;
        } catch (err) {
          onError(err);
        }
        if (handled) {
          // stored: a failed XACK (Redis going away) must not make us store them again in other groupings
          for (const id of ids) attempts.delete(id);
          await redis.xack(stream, group, ...ids);
          return;
        }
      }
    }
    for (const [id, fields] of entries) {
      if (!fields) continue; // deleted (trimmed) while pending
      let fixes: Fix[];
      try {
        fixes = JSON.parse(fields[fields.indexOf('f') + 1]) as Fix[];
        if (!Array.isArray(fixes)) throw new Error('not an array of fixes');
      } catch (err) {
        await deadLetter(id, fields, `unparsable entry: ${String(err)}`);
        continue;
      }
      try {
        await handler(fixes, id, [id], [fixes.length]);
      } catch (err) {
        onError(err);
        // an outage of the store is no fault of the entry: it waits for the store, however long
        if (opts.isTransient?.(err)) continue;
        const n = (attempts.get(id) ?? 0) + 1;
        attempts.set(id, n);
        if (n >= maxAttempts) await deadLetter(id, fields, `handler failed ${n} times: ${String(err)}`);
        continue;
      }
      attempts.delete(id);
      await redis.xack(stream, group, id);
    }
  }

  async function deadLetter(id: string, fields: string[], reason: string): Promise<void> {
    attempts.delete(id);
    onError(new Error(`fix stream entry ${id} moved to ${dead}: ${reason}`));
    await redis.multi().xadd(dead, 'MAXLEN', '~', 10_000, '*', 'id', id, 'reason', reason, ...fields).xack(stream, group, id).exec();
  }

  /**
   * Drops entries every consumer of the group has acknowledged: everything older than the oldest
   * pending entry, or than the last delivered one when none is pending. Entries not yet stored are
   * never trimmed, however long the archive lags.
   */
  async function trimAcknowledged(): Promise<void> {
    const summary = (await redis.xpending(stream, group)) as [number, string | null, ...unknown[]];
    let keepFrom: string | undefined = Number(summary[0]) > 0 && summary[1] ? summary[1] : undefined;
    if (keepFrom === undefined) {
      for (const g of (await redis.xinfo('GROUPS', stream)) as unknown[][]) {
        const info = new Map<string, unknown>();
        for (let i = 0; i + 1 < g.length; i += 2) info.set(String(g[i]), g[i + 1]);
        if (info.get('name') === group) keepFrom = String(info.get('last-delivered-id'));
      }
    }
    if (keepFrom && keepFrom !== '0-0') await redis.xtrim(stream, 'MINID', '~', keepFrom);
  }

  /** Takes over entries other consumers (or a failed attempt of ours) left pending too long. */
  async function claimStale(handler: FixHandler): Promise<void> {
    let start = '0-0';
    for (let round = 0; round < 10 && running; round++) {
      const [next, entries] = (await redis.xautoclaim(stream, group, consumer, claimIdleMs, start, 'COUNT', count)) as [string, Entry[]];
      await handle(entries, handler);
      if (next === '0-0') return;
      start = next;
    }
  }

  async function run(handler: FixHandler): Promise<void> {
    // first our own backlog (entries delivered to this consumer name before a restart), then new ones
    let backlogFrom: string | undefined = '0';
    let lastClaim = 0;
    let lastTrim = 0;
    while (running) {
      try {
        if (Date.now() - lastClaim >= Math.min(claimIdleMs, 5_000)) {
          lastClaim = Date.now();
          await claimStale(handler);
        }
        if (Date.now() - lastTrim >= trimEveryMs) {
          lastTrim = Date.now();
          await trimAcknowledged();
        }
        const args: (string | number)[] = ['GROUP', group, consumer, 'COUNT', count];
        if (backlogFrom === undefined) args.push('BLOCK', blockMs);
        args.push('STREAMS', stream, backlogFrom ?? '>');
        const res = (await (reader!.xreadgroup as (...a: (string | number)[]) => Promise<unknown>)(...args)) as [string, Entry[]][] | null;
        const entries = res?.[0]?.[1] ?? [];
        if (backlogFrom !== undefined) backlogFrom = entries.length ? entries[entries.length - 1][0] : undefined;
        await handle(entries, handler);
      } catch (err) {
        if (!running) return;
        onError(err);
        // a Redis restarted without persistence has lost the group: make it again and go on
        if (String(err).includes('NOGROUP')) await ensureGroup().catch(onError);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  return {
    async add(fixes) {
      if (!fixes.length) return [];
      // all entries of a batch or none (MULTI): a retry after a failure never duplicates part of it
      const pipe = redis.multi();
      for (let i = 0; i < fixes.length; i += perEntry) {
        const f = JSON.stringify(fixes.slice(i, i + perEntry));
        if (maxLen !== undefined) pipe.xadd(stream, 'MAXLEN', '~', maxLen, '*', 'f', f);
        else pipe.xadd(stream, '*', 'f', f);
      }
      const results = (await pipe.exec()) ?? [];
      return results.map(([err, id]) => {
        if (err) throw err;
        return id as string;
      });
    },
    async consume(handler) {
      if (running) throw new Error('this fix stream is already consuming');
      await ensureGroup();
      // blocking reads get their own connection, so the shared one stays free for XACK and the rest
      reader = redis.duplicate();
      reader.on('error', onError);
      running = true;
      loop = run(handler);
    },
    async pendingCount() {
      const summary = (await redis.xpending(stream, group)) as [number, ...unknown[]];
      return Number(summary[0]);
    },
    async close() {
      running = false;
      // disconnecting aborts a blocked XREADGROUP; an entry already being handled finishes first
      reader?.disconnect();
      await loop;
      reader = undefined;
      loop = undefined;
    },
  };
}
