import { describe, expect, it } from 'vitest';
import { connectRedisAdapters, openRedis } from '../../server/adapters/redis/connect.js';
import { testFleetOf } from './contracts/live-state-contract.js';
import { dropPrefix, eventually, REDIS_TEST_URL, redisGate, testPrefix } from './servers.js';

const redis = await redisGate();

describe.skipIf(redis.skip)(redis.label('connectRedisAdapters'), () => {
  it('shares live state, bus, stream and leases between two processes, and closes every connection', async () => {
    const prefix = testPrefix();
    const [p1, p2] = await Promise.all([connectRedisAdapters(REDIS_TEST_URL, testFleetOf, { prefix }), connectRedisAdapters(REDIS_TEST_URL, testFleetOf, { prefix })]);
    const got: unknown[] = [];
    p2.bus.subscribe('incident', (p) => got.push(p));
    await p2.bus.ready();
    p1.bus.publish('incident', { id: 'i1' });
    await p1.live.writePositions([{ vehicleId: 'tow-1', ts: 1, lat: 22.7, lon: 114.2 }]);
    expect(await p2.live.readPositions()).toEqual([{ vehicleId: 'tow-1', ts: 1, lat: 22.7, lon: 114.2 }]);
    expect(await eventually(() => got.length === 1)).toBe(true);
    const [l1, l2] = [p1.lease('replan', 2000), p2.lease('replan', 2000)];
    expect([await l1.tryAcquire(), await l2.tryAcquire()]).toEqual([true, false]);
    const s = p2.fixStream('p2');
    const fixes: unknown[] = [];
    await s.consume((f) => void fixes.push(...f));
    await p1.fixStream('p1').add([{ vehicleId: 'tow-1', ts: 2, lat: 22.7, lon: 114.2 }]);
    expect(await eventually(() => fixes.length === 1)).toBe(true);
    await s.close();
    await dropPrefix(p1.client, prefix);
    await Promise.all([p1.live.close(), p1.bus.close(), p2.live.close(), p2.bus.close()]);
    // quit resolves on the server's OK; the sockets close right after
    expect(await eventually(() => p1.client.status === 'end' && p2.client.status === 'end')).toBe(true);
  });

  it('fails fast with the URL when no Redis answers', async () => {
    await expect(openRedis('redis://127.0.0.1:9', 300)).rejects.toThrow(/127\.0\.0\.1:9 is not reachable/);
  });
});
