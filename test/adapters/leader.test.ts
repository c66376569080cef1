import { afterAll, describe, expect, it } from 'vitest';
import { createRedisLeader } from '../../server/adapters/redis/leader.js';
import { dropPrefix, eventually, redisGate, testPrefix, testRedis } from './servers.js';

const redis = await redisGate();

describe.skipIf(redis.skip)(redis.label('redis leader'), () => {
  const client = testRedis();
  const prefix = testPrefix();
  afterAll(async () => {
    await dropPrefix(client, prefix);
    await client.quit();
  });

  it('elects one of several processes and hands over when the leader leaves', async () => {
    const key = `${prefix}leader`;
    const ps = await Promise.all([0, 1, 2].map(() => createRedisLeader(client, key, 300)));
    expect(ps.filter((p) => p.isLeader())).toHaveLength(1);
    const first = ps.find((p) => p.isLeader())!;
    const changes: boolean[] = [];
    const rest = ps.filter((p) => p !== first);
    for (const p of rest) p.onChange((l) => changes.push(l));
    await first.close(); // releases the lease: a follower takes over at its next beat (ttl / 3)
    expect(await eventually(() => rest.some((p) => p.isLeader()), 1000)).toBe(true);
    expect(rest.filter((p) => p.isLeader())).toHaveLength(1);
    expect(changes).toEqual([true]);
    expect(first.isLeader()).toBe(false);
    await Promise.all(rest.map((p) => p.close()));
  });

  it("never deletes another holder's lease, and takes over once that holder stops renewing", async () => {
    const key = `${prefix}leader-crash`;
    const a = await createRedisLeader(client, key, 300);
    expect(a.isLeader()).toBe(true);
    // a's lease ran out and a process that then crashed took it (it will never renew)
    const crashed = client.duplicate();
    await crashed.set(key, 'someone-else', 'PX', 300);
    const b = await createRedisLeader(client, key, 300);
    expect(b.isLeader()).toBe(false);
    await a.close(); // a's release must not delete the other holder's lease
    expect(await client.get(key)).toBe('someone-else');
    expect(await eventually(() => b.isLeader(), 1500)).toBe(true);
    await b.close();
    await crashed.quit();
  });
});
