import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Fix } from '../../contracts/domain.js';
import { createRedisFixStream, type FixStreamOptions, type RedisFixStream } from '../../server/adapters/redis/fix-stream.js';
import { dropPrefix, eventually, redisGate, testPrefix, testRedis } from './servers.js';

const redis = await redisGate();

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fixesOf = (vehicleId: string, n: number, t0 = 1_700_000_000_000): Fix[] =>
  Array.from({ length: n }, (_, i) => ({ vehicleId, ts: t0 + i * 1000, lat: 22.72, lon: 114.25 + i * 1e-5 }));

describe.skipIf(redis.skip)(redis.label('redis fix stream'), () => {
  const client = testRedis();
  const prefix = testPrefix();
  const open: RedisFixStream[] = [];
  let n = 0;
  const make = (consumer: string, more: Partial<FixStreamOptions> = {}, stream = `${prefix}fixes${n}`) => {
    const s = createRedisFixStream(client, { stream, group: 'ingest', consumer, blockMs: 50, ...more });
    open.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
    n++;
  });
  afterAll(async () => {
    await dropPrefix(client, prefix);
    await client.quit();
  });

  it('trims entries once stored, and never entries no consumer has stored', async () => {
    const stream = `${prefix}trim${n}`;
    const writer = make('w', { fixesPerEntry: 1 }, stream);
    await writer.add(fixesOf('tow-2', 300));
    await client.xgroup('CREATE', stream, 'ingest', '0', 'MKSTREAM');
    // a consumer that takes the first 100 entries and dies before storing them
    const taken = (await client.xreadgroup('GROUP', 'ingest', 'dead', 'COUNT', 100, 'STREAMS', stream, '>')) as [string, [string, string[]][]][];
    const deadIds = taken[0][1].map(([id]) => id);
    expect(deadIds).toHaveLength(100);
    // a live consumer (that will not take them over for a long while) stores the other 200 and trims often
    let stored = 0;
    const c = make('c', { count: 50, claimIdleMs: 600_000, trimEveryMs: 50 }, stream);
    await c.consume((f) => void (stored += f.length));
    expect(await eventually(() => stored === 200)).toBe(true);
    await pause(300); // several trim rounds
    expect(await client.xlen(stream)).toBe(300); // the dead consumer's entries hold everything after them
    // once they are stored and acknowledged, what is stored goes (approximate trim: whole nodes)
    await client.xack(stream, 'ingest', ...deadIds);
    expect(await eventually(async () => (await client.xlen(stream)) < 150, 5_000)).toBe(true);
  });

  it('delivers every fix once across two consumers of one group, and acknowledges them', async () => {
    const a = make('a', { fixesPerEntry: 10, count: 5 });
    const b = make('b', { count: 5 });
    const got = { a: [] as Fix[], b: [] as Fix[] };
    // handlers that take a moment, like real ones writing to stores, so both consumers get work
    const slow = (into: Fix[]) => async (f: Fix[]) => {
      into.push(...f);
      await pause(2);
    };
    await a.consume(slow(got.a));
    await b.consume(slow(got.b));
    await pause(100); // both blocked on XREADGROUP
    const fixes = fixesOf('tow-1', 500);
    const ids = await a.add(fixes);
    expect(ids).toHaveLength(50);
    expect(await eventually(() => got.a.length + got.b.length === 500)).toBe(true);
    const all = [...got.a, ...got.b].sort((x, y) => x.ts - y.ts);
    expect(all).toEqual(fixes);
    expect(got.a.length).toBeGreaterThan(0);
    expect(got.b.length).toBeGreaterThan(0);
    expect(await eventually(async () => (await a.pendingCount()) === 0)).toBe(true);
  });

  it("takes over a dead consumer's pending entries after claimIdleMs", async () => {
    const stream = `${prefix}fixes-dead${n}`;
    const dead = make('dead', {}, stream);
    // the dead consumer reads an entry and dies before acknowledging it
    await dead.consume(() => new Promise(() => {}));
    await dead.add(fixesOf('kitchen-1', 5));
    expect(await eventually(async () => (await dead.pendingCount()) === 1)).toBe(true);
    void dead.close(); // never resolves: its handler hangs, as in a crashed process
    open.splice(open.indexOf(dead), 1);
    const got: Fix[] = [];
    const heir = make('heir', { claimIdleMs: 200 }, stream);
    await heir.consume((f) => void got.push(...f));
    expect(await eventually(() => got.length === 5, 3000)).toBe(true);
    expect(got).toEqual(fixesOf('kitchen-1', 5));
    expect(await eventually(async () => (await heir.pendingCount()) === 0)).toBe(true);
  });

  it('retries a failing entry and moves it to the dead-letter stream after maxAttempts', async () => {
    const stream = `${prefix}fixes-poison${n}`;
    const errors: unknown[] = [];
    let calls = 0;
    const s = make('c', { claimIdleMs: 30, maxAttempts: 3, onError: (e) => errors.push(e) }, stream);
    await s.consume(() => {
      calls++;
      throw new Error('store down');
    });
    await s.add(fixesOf('tow-2', 2));
    expect(await eventually(async () => (await client.xlen(`${stream}:dead`)) === 1, 5000)).toBe(true);
    expect(calls).toBe(3);
    expect(await s.pendingCount()).toBe(0);
    expect(errors.map(String).filter((e) => e === 'Error: store down')).toHaveLength(3);
    expect(errors.map(String).some((e) => e.includes('moved to'))).toBe(true);
  });

  it('resumes its own backlog after a restart under the same consumer name', async () => {
    const stream = `${prefix}fixes-restart${n}`;
    const first = make('p1', {}, stream);
    let fail = true;
    await first.consume(() => {
      if (fail) throw new Error('crash mid-way');
    });
    await first.add(fixesOf('sweeper-1', 3));
    expect(await eventually(async () => (await first.pendingCount()) === 1)).toBe(true);
    await first.close();
    fail = false;
    const got: Fix[] = [];
    const again = make('p1', {}, stream); // same name: its pending list is its backlog
    await again.consume((f) => void got.push(...f));
    expect(await eventually(() => got.length === 3)).toBe(true);
  });
});
