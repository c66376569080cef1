import type { DurableStorePort } from '../../ports.js';
import { createFileJournal, readJournal } from './journal.js';
import { createOutageQueue, type OutageQueue, type QueuedWrite } from './outage-queue.js';

export interface GuardedStoreOptions {
  /** whether the database connection is usable now */
  isUp(): boolean;
  /** fixes (or single records, one each) held while the database is down */
  max: number;
  retryAfterS: number;
  onError?(err: unknown): void;
  /** file that keeps held writes across a crash (OUTAGE_JOURNAL_DIR); replayed at creation */
  journalFile?: string;
}

/** The store's writes as plain data, for the journal. */
type StoreWrite =
  | { m: 'saveIncident'; a: Parameters<DurableStorePort['saveIncident']> }
  | { m: 'saveAssignment'; a: Parameters<DurableStorePort['saveAssignment']> }
  | { m: 'saveAck'; a: Parameters<DurableStorePort['saveAck']> }
  | { m: 'saveAccount'; a: Parameters<DurableStorePort['saveAccount']> }
  | { m: 'deleteAccount'; a: Parameters<DurableStorePort['deleteAccount']> }
  | { m: 'appendTrack'; a: Parameters<DurableStorePort['appendTrack']> }
  | { m: 'saveCoverage'; a: Parameters<NonNullable<DurableStorePort['saveCoverage']>> }
  | { m: 'saveVehicles'; a: Parameters<NonNullable<DurableStorePort['saveVehicles']>> };

/** The methods a journal record may name: writes only (never close, never a read). */
const WRITES = new Set<string>(['saveIncident', 'saveAssignment', 'saveAck', 'saveAccount', 'deleteAccount', 'appendTrack', 'saveCoverage', 'saveVehicles']);

const weightOf = (w: StoreWrite): number => (w.m === 'appendTrack' || w.m === 'saveVehicles' ? w.a[0].length : w.m === 'saveCoverage' ? w.a[1].length : 1);

/** Errors that say the record itself is wrong (our guards, mongoose validation), not the connection. */
export function isRefusal(err: unknown): boolean {
  const name = (err as { name?: string } | undefined)?.name;
  return err instanceof TypeError || name === 'ValidationError' || name === 'CastError' || name === 'StrictModeError' || name === 'StaleWriteError';
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
  const journal = opts.journalFile ? createFileJournal(opts.journalFile) : undefined;
  const queue = createOutageQueue({ name: 'MongoDB', isUp: opts.isUp, max: opts.max, retryAfterS: opts.retryAfterS, onError: opts.onError, permanent: isRefusal, transient: isOutage, journal });
  const write = (w: StoreWrite): QueuedWrite => ({ weight: weightOf(w), record: w, run: () => (inner[w.m] as (...a: unknown[]) => Promise<void>).apply(inner, w.a) });
  const submit = (w: StoreWrite) => (weightOf(w) === 0 ? Promise.resolve() : queue.submit(write(w)));
  // writes a crashed process answered for and never stored go first
  if (opts.journalFile) {
    const left = readJournal(opts.journalFile) as StoreWrite[];
    const known = left.filter((w) => WRITES.has(w?.m) && typeof inner[w.m] === 'function' && Array.isArray(w.a));
    if (known.length) queue.requeueFirst(known.map(write), true);
  }
  // every method of the store passes through (reads, and methods added to the port later) ...
  const passthrough: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(inner)) if (typeof v === 'function') passthrough[k] = (v as (...a: unknown[]) => unknown).bind(inner);
  // ... and the writes go through the queue
  const guarded = {
    ...(passthrough as unknown as DurableStorePort),
    queue,
    saveIncident: (i) => submit({ m: 'saveIncident', a: [i] }),
    saveAssignment: (a) => submit({ m: 'saveAssignment', a: [a] }),
    saveAck: (v, version, at) => submit({ m: 'saveAck', a: [v, version, at] }),
    saveAccount: (a) => submit({ m: 'saveAccount', a: [a] }),
    deleteAccount: (u) => submit({ m: 'deleteAccount', a: [u] }),
    appendTrack: (fixes, parts) => submit({ m: 'appendTrack', a: parts ? [fixes, parts] : [fixes] }),
    async close() {
      await queue.drained(5_000);
      await queue.close();
      await inner.close();
    },
  } satisfies DurableStorePort & { queue: OutageQueue };
  const out: DurableStorePort & { queue: OutageQueue } = guarded;
  if (inner.saveCoverage) out.saveCoverage = (shift, records) => submit({ m: 'saveCoverage', a: [shift, records] });
  if (inner.saveVehicles) out.saveVehicles = (vehicles) => submit({ m: 'saveVehicles', a: [vehicles] });
  return out;
}
