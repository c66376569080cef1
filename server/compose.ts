import type { Fleet } from '../contracts/domain.js';
import { createMemoryBus } from './adapters/memory/event-bus.js';
import { createMemoryLiveState } from './adapters/memory/live-state.js';
import { createMemoryStore } from './adapters/memory/durable-store.js';
import { createSoleLeader } from './adapters/memory/leader.js';
import { createMongoStore } from './adapters/mongo/durable-store.js';
import { connectRedisAdapters } from './adapters/redis/connect.js';
import { createRedisLeader } from './adapters/redis/leader.js';
import type { Config } from './config.js';
import type { Adapters, DurableStorePort, EventBusPort, LeaderPort, LiveStatePort } from './ports.js';

/**
 * The composition root: the one place that picks adapters from configuration. With no REDIS_URL
 * and no MONGO_URL everything runs in this process's memory (the embedded default). Redis brings
 * live state, the cross-process bus and planning leadership; MongoDB the durable records.
 */
export async function createAdapters(config: Config, fleetOf: (id: string) => Fleet | undefined, onError: (err: unknown) => void): Promise<Adapters> {
  let live: LiveStatePort;
  let bus: EventBusPort;
  let leader: LeaderPort;
  let store: DurableStorePort;
  const kinds: string[] = [];
  if (config.redisUrl) {
    const redis = await connectRedisAdapters(config.redisUrl, fleetOf, { prefix: config.redisPrefix, onError });
    live = redis.live;
    bus = redis.bus;
    await redis.bus.ready();
    leader = await createRedisLeader(redis.client, `${config.redisPrefix}leader`, config.leaseMs, onError);
    kinds.push('redis');
  } else {
    live = createMemoryLiveState(fleetOf);
    bus = createMemoryBus(onError);
    leader = createSoleLeader();
  }
  if (config.mongoUrl) {
    store = await createMongoStore(config.mongoUrl);
    kinds.push('mongodb');
  } else {
    store = createMemoryStore();
  }
  return { live, store, bus, leader, kind: kinds.length ? kinds.join('+') : 'memory' };
}
