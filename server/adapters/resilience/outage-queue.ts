/**
 * An ordered, bounded queue of writes for a dependency that may go away (Redis, MongoDB). While
 * the dependency answers, writes go straight through; when it is down or a write fails, writes are
 * held in memory in arrival order and replayed, oldest first, once it is back. Beyond the bound
 * new writes are refused with UnavailableError, so the caller can answer 503 instead of losing
 * data it has acknowledged.
 */

/** Storage cannot take more right now; retry after `retryAfterS`. Mapped to 503 + Retry-After. */
export class UnavailableError extends Error {
  readonly status = 503;
  constructor(message: string, readonly retryAfterS: number) {
    super(message);
  }
}

/** One write: `weight` counts against the bound (e.g. fixes in a batch); `run` must be idempotent. */
export interface QueuedWrite {
  weight: number;
  run(): Promise<void>;
  /** the write as plain data, for the journal (see `journal`) */
  record?: unknown;
}

export interface OutageQueueOptions {
  /** name of the dependency, for messages ("Redis", "MongoDB") */
  name: string;
  /** whether the dependency's connection is usable now (writes are not even tried when not) */
  isUp(): boolean;
  /** most weight held; above it `saturated()` reports, at twice it writes are refused */
  max: number;
  retryAfterS: number;
  /** first pause between replay attempts; doubles up to 2 s */
  retryMs?: number;
  /**
   * A failure no retry can fix (a record the database refuses): thrown to the caller when it
   * happens at once, dropped (and reported) when it happens on replay, so it never blocks the queue.
   */
  permanent?(err: unknown): boolean;
  /**
   * A failure that says the dependency is unreachable. When given, only such failures (or a
   * dependency that reports itself down) hold a write; any other failure of a direct write is
   * thrown to the caller, and one that keeps failing on replay is dropped after `maxAttempts`
   * (reported), so one write the dependency will never take cannot block everything behind it.
   */
  transient?(err: unknown): boolean;
  /** replay attempts of a write failing with a non-transient error before it is dropped (default 5) */
  maxAttempts?: number;
  /**
   * Where held writes (their `record`) go before the caller is answered, so they outlive the
   * process; emptied whenever the queue is. Absent: held writes live in memory only.
   */
  journal?: OutageJournal;
  onError?(err: unknown): void;
}

export interface OutageQueue {
  /** runs or queues a write; resolves once it is stored or safely queued */
  submit(w: QueuedWrite): Promise<void>;
  /**
   * Puts writes in front of the queue (ones the dependency lost in a restart, or a journal's
   * records from before a crash: `journaled` = they are in the journal already).
   */
  requeueFirst(ws: readonly QueuedWrite[], journaled?: boolean): void;
  /** weight waiting for replay */
  readonly held: number;
  saturated(): string | undefined;
  /** resolves when nothing is held (or `ms` passed); returns whether it drained */
  drained(ms?: number): Promise<boolean>;
  /** stops replaying; what is still held is reported */
  close(): Promise<void>;
}

import type { OutageJournal } from './journal.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());

export function createOutageQueue(opts: OutageQueueOptions): OutageQueue {
  const queue: QueuedWrite[] = [];
  let held = 0;
  let replaying: Promise<void> | undefined;
  const failures = new WeakMap<QueuedWrite, number>();
  let closed = false;
  const onError = opts.onError ?? (() => {});
  const firstRetry = opts.retryMs ?? 100;

  const hold = (w: QueuedWrite) => {
    if (held + w.weight > 2 * opts.max) {
      throw new UnavailableError(`${opts.name} is unreachable and ${held} writes are waiting for it`, opts.retryAfterS);
    }
    queue.push(w);
    held += w.weight;
    replaying ??= replay().finally(() => (replaying = undefined));
  };

  async function replay(): Promise<void> {
    let pause = firstRetry;
    while (queue.length && !closed) {
      if (!opts.isUp()) {
        await sleep(pause);
        pause = Math.min(2000, pause * 2);
        continue;
      }
      const w = queue[0];
      try {
        await w.run();
        // requeueFirst may have put writes in front meanwhile: remove this one, wherever it is
        const at = queue.indexOf(w);
        if (at >= 0) queue.splice(at, 1);
        held -= w.weight;
        pause = firstRetry;
      } catch (err) {
        onError(err);
        const attempts = (failures.get(w) ?? 0) + 1;
        failures.set(w, attempts);
        const hopeless = opts.transient !== undefined && opts.isUp() && !opts.transient(err) && attempts >= (opts.maxAttempts ?? 5);
        if (opts.permanent?.(err) || hopeless) {
          if (hopeless) onError(new Error(`${opts.name}: a held write failed ${attempts} times while the server answered; dropped: ${String(err)}`));
          const at = queue.indexOf(w);
          if (at >= 0) queue.splice(at, 1);
          held -= w.weight;
          continue;
        }
        await sleep(pause);
        pause = Math.min(2000, pause * 2);
      }
    }
    // everything held is stored: the journal keeps only what is held when its rewrite runs
    if (queue.length === 0 && opts.journal) opts.journal.compact(() => queue.flatMap((w) => (w.record === undefined ? [] : [w.record]))).catch(onError);
  }

  /** the write on disk before its caller hears back; a journal that fails means 503, not a silent risk */
  const journal = async (w: QueuedWrite) => {
    if (!opts.journal || w.record === undefined) return;
    try {
      await opts.journal.append(w.record);
    } catch (err) {
      onError(err);
      throw new UnavailableError(`${opts.name} is unreachable and the outage journal cannot be written: ${(err as Error).message}`, opts.retryAfterS);
    }
  };

  return {
    async submit(w) {
      if (closed) throw new UnavailableError(`${opts.name} writer is closed`, opts.retryAfterS);
      // in order: while anything is held, new writes wait behind it
      if (queue.length === 0 && opts.isUp()) {
        try {
          await w.run();
          return;
        } catch (err) {
          if (opts.permanent?.(err)) throw err;
          // reachable, and the failure is not about reaching it: holding would only replay it forever
          if (opts.transient && opts.isUp() && !opts.transient(err)) throw err;
          onError(err);
        }
      }
      hold(w);
      await journal(w);
    },
    requeueFirst(ws, journaled = false) {
      if (!ws.length) return;
      queue.unshift(...ws);
      for (const w of ws) held += w.weight;
      if (!journaled) for (const w of ws) journal(w).catch(() => {});
      replaying ??= replay().finally(() => (replaying = undefined));
    },
    get held() {
      return held;
    },
    saturated() {
      return held >= opts.max ? `${opts.name} is unreachable and the outage buffer is full (${held} waiting)` : undefined;
    },
    async drained(ms = 30_000) {
      const end = Date.now() + ms;
      while (queue.length && Date.now() < end) await sleep(20);
      return queue.length === 0;
    },
    async close() {
      closed = true;
      await replaying;
      if (held) onError(new Error(`${opts.name} writer closed with ${held} writes not stored${opts.journal ? ` (kept in ${opts.journal.file} for the next start)` : ''}`));
      await opts.journal?.close();
    },
  };
}
