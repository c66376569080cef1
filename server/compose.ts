import type { Fleet } from '../contracts/domain.js';
import { createMemoryBus } from './adapters/memory/event-bus.js';
import { createMemoryLiveState } from './adapters/memory/live-state.js';
import { createMemoryStore } from './adapters/memory/durable-store.js';
import { createSoleLeader } from './adapters/memory/leader.js';
import { createMongoStore } from './adapters/mongo/durable-store.js';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createGuardedStreamArchive } from './adapters/resilience/guarded-archive.js';
import { guardLiveState } from './adapters/resilience/guarded-live.js';
import { guardStore, isOutage } from './adapters/resilience/guarded-store.js';
import type { OutageQueue } from './adapters/resilience/outage-queue.js';
import { connectRedisAdapters, type RedisAdapters } from './adapters/redis/connect.js';
import { createRedisLeader } from './adapters/redis/leader.js';
import type { Config } from './config.js';
import path from 'node:path';
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
  let store: DurableStorePort & { queue?: OutageQueue };
  const kinds: string[] = [];
  let redis: RedisAdapters | undefined;
  if (config.redisUrl) {
    redis = await connectRedisAdapters(config.redisUrl, fleetOf, { prefix: config.redisPrefix, onError });
    const client = redis.client;
    // a Redis outage does not stop ingestion: positions wait in memory (one per vehicle)
    live = guardLiveState(redis.live, { isUp: () => client.status === 'ready', onError });
    bus = redis.bus;
    await redis.bus.ready();
    leader = await createRedisLeader(redis.client, `${config.redisPrefix}leader`, config.leaseMs, onError);
    kinds.push('redis');
  } else {
    live = createMemoryLiveState(fleetOf);
    bus = createMemoryBus(onError);
    leader = createSoleLeader();
  }
  let rawStore: DurableStorePort | undefined;
  if (config.mongoUrl) {
    const mongo = await createMongoStore(config.mongoUrl);
    rawStore = mongo;
    // a MongoDB outage: writes wait in order in memory, replayed on reconnect; 503 once full
    // writes wait here during an outage (fixes too when there is no Redis), and in the journal when set
    const journalFile = config.outageJournalDir ? path.join(config.outageJournalDir, 'mongodb-writes.jsonl') : undefined;
    store = guardStore(mongo, { isUp: () => mongo.connection.readyState === 1, max: config.outageBufferFixes, retryAfterS: config.retryAfterS, onError, journalFile });
    kinds.push('mongodb');
  } else {
    store = createMemoryStore({ trackArchiveDir: config.trackArchiveDir });
  }
  // with both, fixes reach the archive through the shared Redis stream: ingestion answers after
  // XADD, and every process drains the stream into MongoDB in bulk
  let archive: ArchiveQueuePort | undefined;
  let backpressure: Adapters['backpressure'];
  if (redis && rawStore) {
    const consumer = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    // MongoDB being down is no reason to dead-letter fixes: they wait in the stream for it
    const stream = redis.fixStream(consumer, { claimIdleMs: config.archiveClaimMs, isTransient: isOutage, count: config.archiveReadEntries });
    // the stream consumer writes the store itself (unguarded): an entry is acknowledged only once stored
    const guarded = await createGuardedStreamArchive(stream, redis.client, `${config.redisPrefix}fixes`, 'ingest', rawStore, {
      max: config.outageBufferFixes,
      retryAfterS: config.retryAfterS,
      onError,
      journalFile: config.outageJournalDir ? path.join(config.outageJournalDir, 'redis-fixes.jsonl') : undefined,
    });
    archive = guarded;
    backpressure = guarded.queue;
  } else {
    backpressure = store.queue;
  }
  return { live, store, bus, leader, archive, backpressure, kind: kinds.length ? kinds.join('+') : 'memory', storeBacklog: store.queue };
}
