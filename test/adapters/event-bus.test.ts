import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '../../server/adapters/memory/event-bus.js';
import { createRedisBus } from '../../server/adapters/redis/event-bus.js';
import { describeEventBusContract } from './contracts/event-bus-contract.js';
import { eventually, redisGate, testPrefix, testRedis } from './servers.js';

const redis = await redisGate();
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeEventBusContract('memory', async () => {
  const errors: unknown[] = [];
  return { bus: createMemoryBus((e) => errors.push(e)), errors, settle: async () => {} };
});

describeEventBusContract(
  redis.label('redis'),
  async () => {
    const errors: unknown[] = [];
    const bus = createRedisBus(testRedis(), testRedis(), { prefix: testPrefix(), ownsClient: true, onError: (e) => errors.push(e) });
    // a publication's echo from Redis arrives within milliseconds on a local server; wait it out
    return {
      bus,
      errors,
      settle: async () => {
        await bus.ready();
        await pause(40);
      },
    };
  },
  redis.skip,
);

describe.skipIf(redis.skip)(redis.label('redis bus across processes'), () => {
  const prefix = testPrefix();
  const a = createRedisBus(testRedis(), testRedis(), { prefix, ownsClient: true });
  const b = createRedisBus(testRedis(), testRedis(), { prefix, ownsClient: true });
  const other = createRedisBus(testRedis(), testRedis(), { prefix: testPrefix(), ownsClient: true });
  afterAll(() => Promise.all([a.close(), b.close(), other.close()]));

  it('delivers each publication once to every process, as plain JSON, and not across prefixes', async () => {
    const inA: unknown[] = [];
    const inB: unknown[] = [];
    const inOther: unknown[] = [];
    a.subscribe('assignment', (p) => inA.push(p));
    b.subscribe('assignment', (p) => inB.push(p));
    other.subscribe('assignment', (p) => inOther.push(p));
    await Promise.all([a.ready(), b.ready(), other.ready()]);
    const payload = { vehicleId: 'tow-1', version: 3, stops: [{ kind: 'incident', id: 'i9' }] };
    a.publish('assignment', payload);
    b.publish('assignment', { vehicleId: 'tow-2', version: 1, stops: [] });
    expect(await eventually(() => inA.length === 2 && inB.length === 2)).toBe(true);
    await pause(50);
    expect(inA).toEqual([payload, { vehicleId: 'tow-2', version: 1, stops: [] }]);
    expect(inB).toEqual([{ vehicleId: 'tow-2', version: 1, stops: [] }, payload]);
    expect(inA[0]).toBe(payload); // own process: the very object, like the memory bus
    expect(inB[1]).not.toBe(payload); // other process: a parsed copy
    expect(inOther).toEqual([]);
  });
});
