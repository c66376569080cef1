import type { Fleet } from '../contracts/domain.js';
import { createMemoryBus } from './adapters/memory/event-bus.js';
import { createMemoryLiveState } from './adapters/memory/live-state.js';
import { createMemoryStore } from './adapters/memory/durable-store.js';
import { createSoleLeader } from './adapters/memory/leader.js';
import { createMongoStore } from './adapters/mongo/durable-store.js';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createStreamArchive } from './adapters/redis/archive-queue.js';
import { connectRedisAdapters, type RedisAdapters } from './adapters/redis/connect.js';
import { createRedisLeader } from './adapters/redis/leader.js';
import type { Config } from './config.js';
import type { Adapters, ArchiveQueuePort, DurableStorePort, EventBusPort, LeaderPort, LiveStatePort } from './ports.js';

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
  let redis: RedisAdapters | undefined;
  if (config.redisUrl) {
    redis = await connectRedisAdapters(config.redisUrl, fleetOf, { prefix: config.redisPrefix, onError });
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
  // with both, fixes reach the archive through the shared Redis stream: ingestion answers after
  // XADD, and every process drains the stream into MongoDB in bulk
  let archive: ArchiveQueuePort | undefined;
  if (redis && config.mongoUrl) {
    const consumer = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    const stream = redis.fixStream(consumer, { claimIdleMs: config.archiveClaimMs });
    archive = await createStreamArchive(stream, redis.client, `${config.redisPrefix}fixes`, 'ingest', store);
  }
  return { live, store, bus, leader, archive, kind: kinds.length ? kinds.join('+') : 'memory' };
}
