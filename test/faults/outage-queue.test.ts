import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFileJournal, readJournal } from '../../server/adapters/resilience/journal.js';
import { createOutageQueue, UnavailableError } from '../../server/adapters/resilience/outage-queue.js';

/** A dependency that is either up (stores) or down (throws), switched by the test. */
function dependency() {
  const stored: number[] = [];
  const dep = { up: true, stored, write: (n: number) => async () => {
    if (!dep.up) throw new Error('connection refused');
    stored.push(n);
  } };
  return dep;
}

describe('outage queue', () => {
  it('writes straight through while up, holds in order while down, replays oldest first', async () => {
    const dep = dependency();
    const q = createOutageQueue({ name: 'Dep', isUp: () => dep.up, max: 100, retryAfterS: 2, retryMs: 5 });
    await q.submit({ weight: 1, run: dep.write(1) });
    dep.up = false;
    for (const n of [2, 3, 4]) await q.submit({ weight: 10, run: dep.write(n) });
    expect(q.held).toBe(30);
    expect(dep.stored).toEqual([1]);
    dep.up = true;
    // held writes come first: a new one waits behind them
    await q.submit({ weight: 1, run: dep.write(5) });
    expect(await q.drained(5000)).toBe(true);
    expect(dep.stored).toEqual([1, 2, 3, 4, 5]);
    expect(q.held).toBe(0);
    await q.close();
  });

  it('holds a write whose attempt failed although the connection looked up', async () => {
    const dep = dependency();
    let failOnce = true;
    const q = createOutageQueue({ name: 'Dep', isUp: () => true, max: 100, retryAfterS: 2, retryMs: 5 });
    await q.submit({ weight: 1, run: async () => {
      if (failOnce) {
        failOnce = false;
        throw new Error('timeout');
      }
      dep.stored.push(1);
    } });
    expect(await q.drained(5000)).toBe(true);
    expect(dep.stored).toEqual([1]);
    await q.close();
  });

  it('reports saturation at its bound and refuses writes at twice it', async () => {
    const dep = dependency();
    dep.up = false;
    const q = createOutageQueue({ name: 'Dep', isUp: () => dep.up, max: 20, retryAfterS: 9, retryMs: 5 });
    await q.submit({ weight: 15, run: dep.write(1) });
    expect(q.saturated()).toBeUndefined();
    await q.submit({ weight: 15, run: dep.write(2) });
    expect(q.saturated()).toMatch(/Dep is unreachable/);
    const refused = await q.submit({ weight: 15, run: dep.write(3) }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UnavailableError);
    expect((refused as UnavailableError).retryAfterS).toBe(9);
    dep.up = true;
    expect(await q.drained(5000)).toBe(true);
    expect(dep.stored).toEqual([1, 2]);
    await q.close();
  });

  it('puts writes a restarted dependency lost in front of the held ones', async () => {
    const dep = dependency();
    dep.up = false;
    const q = createOutageQueue({ name: 'Dep', isUp: () => dep.up, max: 100, retryAfterS: 2, retryMs: 5 });
    await q.submit({ weight: 1, run: dep.write(3) });
    q.requeueFirst([{ weight: 1, run: dep.write(1) }, { weight: 1, run: dep.write(2) }]);
    dep.up = true;
    expect(await q.drained(5000)).toBe(true);
    expect(dep.stored).toEqual([1, 2, 3]);
    await q.close();
  });
});

describe('outage queue and records the dependency refuses', () => {
  it('throws a refusal to the caller at once and drops one met on replay, so it cannot block the queue', async () => {
    const dep = dependency();
    const refuse = async () => {
      throw new TypeError('vehicleId must be a string');
    };
    const q = createOutageQueue({ name: 'Dep', isUp: () => dep.up, max: 100, retryAfterS: 2, retryMs: 5, permanent: (e) => e instanceof TypeError });
    await expect(q.submit({ weight: 1, run: refuse })).rejects.toThrow(TypeError);
    dep.up = false;
    await q.submit({ weight: 1, run: dep.write(1) });
    await q.submit({ weight: 1, run: refuse });
    await q.submit({ weight: 1, run: dep.write(2) });
    dep.up = true;
    expect(await q.drained(5000)).toBe(true);
    expect(dep.stored).toEqual([1, 2]);
    expect(q.held).toBe(0);
    await q.close();
  });

  it('with a transient test: throws a write the reachable server refuses, and drops a held one that keeps failing', async () => {
    let up = true;
    const stored: string[] = [];
    const errors: unknown[] = [];
    const q = createOutageQueue({ name: 'Dep', isUp: () => up, max: 100, retryAfterS: 2, retryMs: 5, transient: (e) => (e as Error).message === 'network', maxAttempts: 3, onError: (e) => errors.push(e) });
    // reachable, but the write itself is refused: the caller hears it, nothing is held
    await expect(q.submit({ weight: 1, run: async () => { throw new Error('document too large'); } })).rejects.toThrow('document too large');
    expect(q.held).toBe(0);
    // an outage holds writes; one of them turns out to be refused for good once the server is back
    up = false;
    await q.submit({ weight: 1, run: async () => { throw new Error('document too large'); } });
    await q.submit({ weight: 1, run: async () => void stored.push('after') });
    up = true;
    expect(await q.drained(5000)).toBe(true);
    expect(stored).toEqual(['after']);
    expect(errors.some((e) => /failed 3 times/.test(String(e)))).toBe(true);
    await q.close();
  });

  it('keeps held writes in a journal until stored, for a process that dies before then', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-journal-unit-'));
    const file = path.join(dir, 'writes.jsonl');
    try {
      const dep = dependency();
      const journal = createFileJournal(file);
      const q = createOutageQueue({ name: 'Dep', isUp: () => dep.up, max: 100, retryAfterS: 2, retryMs: 5, journal });
      await q.submit({ weight: 1, record: { n: 1 }, run: dep.write(1) });
      expect(readJournal(file)).toEqual([]); // stored at once: nothing to keep
      dep.up = false;
      await Promise.all([2, 3, 4].map((n) => q.submit({ weight: 1, record: { n }, run: dep.write(n) })));
      // on disk before the callers heard back; one write (and fsync) for the three
      expect(readJournal(file)).toEqual([{ n: 2 }, { n: 3 }, { n: 4 }]);
      dep.up = true;
      expect(await q.drained(5000)).toBe(true);
      await new Promise((r) => setTimeout(r, 50));
      expect(readFileSync(file, 'utf8')).toBe('');
      await q.close();

      // what a crashed process left: read back, a torn last line skipped
      writeFileSync(file, '{"n":7}\n{"n":8}\n{"n":');
      expect(readJournal(file)).toEqual([{ n: 7 }, { n: 8 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a write answered while the journal was being emptied, and drops a torn line before appending', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-journal-race-'));
    try {
      const file = path.join(dir, 'w.jsonl');
      const j = createFileJournal(file);
      // X and A share a flush; the queue empties and asks for a rewrite; B joins that same flush
      // before it runs, is answered, and is still held when the rewrite runs
      const px = j.append({ n: 'X' });
      const pa = j.append({ n: 'A' });
      const pc = j.compact(() => [{ n: 'B' }]);
      const pb = j.append({ n: 'B' });
      await Promise.all([px, pa, pb, pc]);
      expect(readJournal(file)).toEqual([{ n: 'B' }]);
      await j.close();

      // a crash cut the last line: the next process drops it, and its own lines stay whole
      writeFileSync(file, '{"n":7}\n{"n":');
      const k = createFileJournal(file);
      await k.append({ n: 9 });
      expect(readJournal(file)).toEqual([{ n: 7 }, { n: 9 }]);
      await k.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
