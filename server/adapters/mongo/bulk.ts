import type { mongo } from 'mongoose';
import { isDuplicateKey } from './safe.js';

/**
 * How a batch of upserts is cut up. FerretDB runs a bulk write's operations one by one, so several
 * concurrent bulk writes keep it busier; and its PostgreSQL backend holds one pool connection per
 * matched update until the whole command ends (50 by default), so a command must stay small or
 * the server deadlocks. parallel x chunk stays below that pool.
 */
export interface BulkOptions {
  /** concurrent bulk writes per call */
  parallel: number;
  /** most operations in one bulk write */
  chunk: number;
}

export const DEFAULT_BULK: BulkOptions = { parallel: 4, chunk: 10 };

/** An idempotent upsert: running it again after it took effect changes nothing. */
export interface IdempotentUpsert {
  updateOne: { filter: mongo.Filter<mongo.Document>; update: mongo.Document; upsert: true };
  /** when the upsert finds its work (partly) done already: smaller idempotent upserts that finish it */
  fallback?: IdempotentUpsert[];
}

/**
 * Runs idempotent upserts as unordered bulk writes of `chunk` operations, `parallel` at a time. When a bulk write
 * reports write errors its chunk is replayed one operation at a time: FerretDB 1.24 stops an
 * unordered bulk write at its first error (and reports a wrong index), so which operations ran is
 * unknown, and replaying is safe because each operation is idempotent.
 */
export async function bulkUpsert(collection: mongo.Collection, ops: readonly IdempotentUpsert[], opts: BulkOptions = DEFAULT_BULK): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < ops.length) {
      const chunk = ops.slice(next, (next += opts.chunk));
      await writeChunk(collection, chunk);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.parallel, Math.ceil(ops.length / opts.chunk)) }, worker));
}

async function writeChunk(collection: mongo.Collection, ops: IdempotentUpsert[]): Promise<void> {
  try {
    await collection.bulkWrite(ops.map((o) => ({ updateOne: o.updateOne })), { ordered: false });
  } catch (err) {
    // anything but a partial write (network, auth, validation) goes to the caller, whose retry of
    // the whole batch is harmless
    const writeErrors = (err as { writeErrors?: { code?: number }[] }).writeErrors;
    if (!Array.isArray(writeErrors)) throw err;
    // every operation reported as a duplicate: each has had its first attempt, one more settles races
    const attempts = writeErrors.length === ops.length && isDuplicateKey(err) ? 1 : 2;
    for (const op of ops) await writeOne(collection, op, attempts);
  }
}

/**
 * One upsert. A duplicate-key error means either a race with another writer inserting the same new
 * document (the second attempt then updates it) or that the work is already stored (the second
 * attempt fails the same way and is done).
 */
async function writeOne(collection: mongo.Collection, { updateOne: u, fallback }: IdempotentUpsert, attempts: number): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      await collection.updateOne(u.filter, u.update, { upsert: true });
      return;
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  // done before, at least in part: the smaller upserts store what is missing, and nothing twice
  for (const f of fallback ?? []) await writeOne(collection, f, 2);
}
