import type { DurableStorePort } from '../../ports.js';
import { createOutageQueue, type OutageQueue } from './outage-queue.js';

export interface GuardedStoreOptions {
  /** whether the database connection is usable now */
  isUp(): boolean;
  /** fixes (or single records, one each) held while the database is down */
  max: number;
  retryAfterS: number;
  onError?(err: unknown): void;
}

/** Errors that say the record itself is wrong (our guards, mongoose validation), not the connection. */
export function isRefusal(err: unknown): boolean {
  const name = (err as { name?: string } | undefined)?.name;
  return err instanceof TypeError || name === 'ValidationError' || name === 'CastError' || name === 'StrictModeError';
}

/** Errors that say the database cannot be reached (the driver's connection and selection errors). */
export function isOutage(err: unknown): boolean {
  const name = (err as { name?: string } | undefined)?.name ?? '';
  return /Network|ServerSelection|NotConnected|TopologyClosed|PoolCleared|ClientClosed/.test(name);
}

/**
 * A durable store whose writes survive a database outage: they are queued in order in memory and
 * replayed until stored (every write of the store is an idempotent upsert, so a replay of a write
 * that did land changes nothing). Bounded: once full, writes are refused with UnavailableError
 * (503). Reads go to the database and fail while it is down.
 */
export function guardStore(inner: DurableStorePort, opts: GuardedStoreOptions): DurableStorePort & { queue: OutageQueue } {
  const queue = createOutageQueue({ name: 'MongoDB', isUp: opts.isUp, max: opts.max, retryAfterS: opts.retryAfterS, onError: opts.onError, permanent: isRefusal, transient: isOutage });
  const one = (run: () => Promise<void>) => queue.submit({ weight: 1, run });
  // every method of the store passes through (reads, and methods added to the port later) ...
  const passthrough: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(inner)) if (typeof v === 'function') passthrough[k] = (v as (...a: unknown[]) => unknown).bind(inner);
  // ... and the writes go through the queue
  const guarded = {
    ...(passthrough as unknown as DurableStorePort),
    queue,
    saveIncident: (i) => one(() => inner.saveIncident(i)),
    saveAssignment: (a) => one(() => inner.saveAssignment(a)),
    saveAck: (v, version, at) => one(() => inner.saveAck(v, version, at)),
    saveAccount: (a) => one(() => inner.saveAccount(a)),
    deleteAccount: (u) => one(() => inner.deleteAccount(u)),
    appendTrack: (fixes) => (fixes.length ? queue.submit({ weight: fixes.length, run: () => inner.appendTrack(fixes) }) : Promise.resolve()),
    async close() {
      await queue.drained(5_000);
      await queue.close();
      await inner.close();
    },
  } satisfies DurableStorePort & { queue: OutageQueue };
  const { saveCoverage, saveVehicles } = inner;
  const out: DurableStorePort & { queue: OutageQueue } = guarded;
  if (saveCoverage) out.saveCoverage = (shift, records) => (records.length ? queue.submit({ weight: records.length, run: () => saveCoverage.call(inner, shift, records) }) : Promise.resolve());
  if (saveVehicles) out.saveVehicles = (vehicles) => (vehicles.length ? queue.submit({ weight: vehicles.length, run: () => saveVehicles.call(inner, vehicles) }) : Promise.resolve());
  return out;
}
