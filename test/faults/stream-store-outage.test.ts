import { afterAll, describe, expect, it } from 'vitest';
import type { Fix } from '../../contracts/domain.js';
import { isOutage } from '../../server/adapters/resilience/guarded-store.js';
import { createRedisFixStream } from '../../server/adapters/redis/fix-stream.js';
import { dropPrefix, eventually, redisGate, testPrefix, testRedis } from '../adapters/servers.js';

const redis = await redisGate();

/** An error shaped like the MongoDB driver's when no server answers. */
function unreachable(): Error {
  const e = new Error('connect ECONNREFUSED 127.0.0.1:27017');
  e.name = 'MongoServerSelectionError';
  return e;
}

describe.skipIf(redis.skip)(redis.label('fix stream while the store is unreachable'), () => {
  const client = testRedis();
  const prefix = testPrefix();
  afterAll(async () => {
    await dropPrefix(client, prefix);
    await client.quit();
  });

  it('retries an entry past maxAttempts while the store is out, and dead-letters one the store refuses', async () => {
    const stream = createRedisFixStream(client, { stream: `${prefix}fixes`, group: 'ingest', consumer: 'c', blockMs: 50, claimIdleMs: 20, maxAttempts: 2, isTransient: isOutage });
    const fix: Fix = { vehicleId: 'V1', ts: 1_700_000_000_000, lat: 22.7, lon: 114.2 };
    let outageFailures = 0;
    const stored: Fix[] = [];
    await stream.consume((fixes) => {
      if (fixes.some((f) => f.vehicleId === 'BAD')) throw new TypeError('refused record');
      if (outageFailures < 6) {
        outageFailures++;
        throw unreachable();
      }
      stored.push(...fixes);
    });
    await stream.add([fix]);
    expect(await eventually(() => stored.length === 1, 15_000)).toBe(true);
    expect(outageFailures).toBe(6);
    await stream.add([{ ...fix, vehicleId: 'BAD' }]);
    expect(await eventually(async () => (await client.xlen(`${prefix}fixes:dead`)) === 1, 15_000)).toBe(true);
    expect(stored).toEqual([fix]);
    await stream.close();
  });
});
