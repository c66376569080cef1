/**
 * A write-ahead journal for an outage queue: every write held while a dependency is down is
 * appended to a local file and flushed to disk before the caller is answered, so a write answered
 * 2xx survives the process dying during the outage. The next start replays the file. Whenever the
 * queue empties, the file is rewritten to hold only what is still held at that moment. One JSON
 * line per write; a line cut short by a crash (never answered) is dropped when the file is opened.
 * Concurrent appends share one write and one fsync (group commit). One file per process: the
 * configuration says so (OUTAGE_JOURNAL_DIR); nothing here locks it.
 */
import { existsSync, mkdirSync, readFileSync, truncateSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export interface OutageJournal {
  /** resolves once the record is on disk */
  append(record: unknown): Promise<void>;
  /**
   * Rewrites the file to hold `held()`, read when the rewrite runs (after every append queued
   * before it): writes stored since drop out, writes answered meanwhile stay.
   */
  compact(held: () => readonly unknown[]): Promise<void>;
  close(): Promise<void>;
  readonly file: string;
}

/** The records a previous process left, oldest first; lines that do not parse are skipped. */
export function readJournal(file: string): unknown[] {
  if (!existsSync(file)) return [];
  const out: unknown[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      // the tail of a write the crash cut short: its caller never got an answer
    }
  }
  return out;
}

export function createFileJournal(file: string): OutageJournal {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // a crash mid-append leaves a line without its end: cut it, or the next line would join it
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    if (text.length && !text.endsWith('\n')) truncateSync(file, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
  }
  let handle: Promise<FileHandle> | undefined;
  // records may hold account hashes and positions: readable by this user only
  const fh = () => (handle ??= open(file, 'a', 0o600));
  let pending: { line: string; done: () => void; fail: (e: unknown) => void }[] = [];
  let chain: Promise<void> = Promise.resolve();

  const flush = async () => {
    const batch = pending;
    pending = [];
    if (!batch.length) return;
    try {
      const h = await fh();
      await h.appendFile(batch.map((b) => b.line).join(''));
      await h.datasync();
      for (const b of batch) b.done();
    } catch (err) {
      for (const b of batch) b.fail(err);
    }
  };

  return {
    file,
    append(record) {
      return new Promise<void>((done, fail) => {
        pending.push({ line: JSON.stringify(record) + '\n', done, fail });
        // one flush per turn of the chain carries every line that arrived meanwhile
        if (pending.length === 1) chain = chain.then(flush);
      });
    },
    compact(held) {
      const run = chain.then(async () => {
        const keep = held();
        const h = await fh();
        await h.truncate(0);
        if (keep.length) await h.appendFile(keep.map((r) => JSON.stringify(r) + '\n').join(''));
        await h.datasync();
      });
      chain = run.catch(() => {});
      return run;
    },
    async close() {
      await chain;
      if (handle) await (await handle).close();
      handle = undefined;
    },
  };
}
