import { createMemoryLiveState } from '../../server/adapters/memory/live-state.js';
import { createRedisLiveState } from '../../server/adapters/redis/live-state.js';
import { describeLiveStateContract } from './contracts/live-state-contract.js';
import { dropPrefix, redisGate, testPrefix, testRedis } from './servers.js';

const redis = await redisGate();

describeLiveStateContract('memory', async (fleetOf) => ({ live: createMemoryLiveState(fleetOf) }));

describeLiveStateContract(
  redis.label('redis'),
  async (fleetOf) => {
    const client = testRedis();
    const prefix = testPrefix();
    return {
      live: createRedisLiveState(client, fleetOf, { prefix }),
      cleanup: async () => {
        await dropPrefix(client, prefix);
        await client.quit();
      },
    };
  },
  redis.skip,
);
