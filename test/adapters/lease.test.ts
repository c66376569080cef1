import { afterAll, describe, expect, it } from 'vitest';
import { createRedisLease } from '../../server/adapters/redis/lease.js';
import { dropPrefix, redisGate, testPrefix, testRedis } from './servers.js';

const redis = await redisGate();
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(redis.skip)(redis.label('redis lease'), () => {
  const client = testRedis();
  const prefix = testPrefix();
  afterAll(async () => {
    await dropPrefix(client, prefix);
    await client.quit();
  });

  it('lets one of many processes hold it at a time', async () => {
    const key = `${prefix}lease:replan`;
    const holders = Array.from({ length: 5 }, () => createRedisLease(client, key, 5000));
    const won = await Promise.all(holders.map((h) => h.tryAcquire()));
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = holders[won.indexOf(true)];
    expect(await winner.tryAcquire()).toBe(true); // re-entrant for the holder
    expect(await client.get(key)).toBe(winner.token);
    expect(await winner.release()).toBe(true);
    expect(await holders[(won.indexOf(true) + 1) % 5].tryAcquire()).toBe(true);
  });

  it('expires after its ttl unless renewed', async () => {
    // margins of 150+ ms so a loaded machine's timer delays cannot flip the outcome
    const key = `${prefix}lease:ttl`;
    const a = createRedisLease(client, key, 400);
    const b = createRedisLease(client, key, 400);
    expect(await a.tryAcquire()).toBe(true);
    await pause(250);
    expect(await a.renew()).toBe(true);
    await pause(250);
    expect(await b.tryAcquire()).toBe(false); // renewed 250 ms ago: still a's
    await pause(500);
    expect(await b.tryAcquire()).toBe(true); // a stopped renewing (crashed): b takes over
  });

  it('never lets a holder whose lease expired renew or delete the next holder\'s', async () => {
    const key = `${prefix}lease:stale`;
    const a = createRedisLease(client, key, 50);
    const b = createRedisLease(client, key, 5000);
    expect(await a.tryAcquire()).toBe(true);
    await pause(120);
    expect(await b.tryAcquire()).toBe(true);
    expect(await a.renew()).toBe(false);
    expect(await a.release()).toBe(false);
    expect(await client.get(key)).toBe(b.token);
    expect(await client.pttl(key)).toBeGreaterThan(4000);
  });

  it('rejects a nonsensical ttl', () => {
    expect(() => createRedisLease(client, `${prefix}x`, 0)).toThrow(/positive/);
  });
});
