/**
 * A write-ahead journal for an outage queue: every write held while a dependency is down is
 * appended to a local file and flushed to disk before the caller is answered, so a write answered
 * 2xx survives the process dying during the outage. The next start replays the file; once the
 * queue is empty again the file is emptied. One JSON line per write; a line cut short by a crash
 * (never answered) is skipped. Concurrent appends share one write and one fsync (group commit).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

export interface OutageJournal {
  /** resolves once the record is on disk */
  append(record: unknown): Promise<void>;
  /** empties the file (everything in it is stored) */
  clear(): Promise<void>;
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
  mkdirSync(path.dirname(file), { recursive: true });
  // refuse a journal another process holds: two writers would interleave and clear each other's lines
  // the lock names its process, so a lock left by a crash is taken over
  const lock = `${file}.lock`;
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
  } catch {
    const pid = Number(readFileSync(lock, 'utf8') || 0);
    if (pid && pid !== process.pid && alive(pid)) throw new Error(`outage journal ${file} is in use by process ${pid}: give each process its own OUTAGE_JOURNAL_DIR`);
    writeFileSync(lock, String(process.pid));
  }

  let handle: Promise<FileHandle> | undefined;
  const fh = () => (handle ??= open(file, 'a'));
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
    clear() {
      chain = chain.then(async () => {
        const h = await fh();
        await h.truncate(0);
        await h.datasync();
      });
      return chain;
    },
    async close() {
      await chain;
      if (handle) await (await handle).close();
      handle = undefined;
      rmSync(lock, { force: true });
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
