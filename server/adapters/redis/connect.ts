import { Redis } from 'ioredis';
import type { Fleet } from '../../../contracts/domain.js';
import type { LeaderPort, LiveStatePort } from '../../ports.js';
import { createRedisBus, type RedisBus } from './event-bus.js';
import { createRedisFixStream, type FixStreamOptions, type RedisFixStream } from './fix-stream.js';
import { createRedisLeader } from './leader.js';
import { createRedisLease, type RedisLease } from './lease.js';
import { createRedisLiveState } from './live-state.js';

export interface RedisConnectOptions {
  /** key and channel prefix of this deployment */
  prefix?: string;
  /** give up connecting after this long, with a clear error */
  connectTimeoutMs?: number;
  /** handler failures of the bus */
  onError?: (err: unknown) => void;
}

/** Everything Redis-backed for one process; `live.close()` closes the command connection, `bus.close()` its two. */
export interface RedisAdapters {
  live: LiveStatePort;
  bus: RedisBus;
  /** a shared ingestion stream under this deployment's prefix (the caller closes it) */
  fixStream(consumer: string, more?: Partial<FixStreamOptions>): RedisFixStream;
  /** a lease under this deployment's prefix, e.g. lease('replan:tow', 10_000) */
  lease(name: string, ttlMs: number): RedisLease;
  /** leadership among this deployment's processes (close it before `live`, as app.ts does) */
  leader(name?: string, ttlMs?: number): Promise<LeaderPort>;
  /** the command connection (live state, streams, leases); closed by `live.close()` */
  client: Redis;
}

/** Opens a Redis connection and waits until it is ready, or fails with the URL and the reason. */
export async function openRedis(url: string, connectTimeoutMs = 5000, onError: (err: unknown) => void = () => {}): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3, connectTimeout: connectTimeoutMs });
  // connection errors are retried by ioredis and surface as failed commands; report, never crash
  client.on('error', onError);
  try {
    await client.connect();
    return client;
  } catch (err) {
    client.disconnect();
    throw new Error(`Redis at ${url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@')} is not reachable: ${(err as Error).message}`);
  }
}

/**
 * Connects the Redis adapters of one process: live state, cross-process bus (a subscriber needs a
 * connection of its own), and factories for the fix stream and leases. Three connections in all:
 * commands (live state, streams, leases), publish, subscribe.
 */
export async function connectRedisAdapters(url: string, fleetOf: (id: string) => Fleet | undefined, opts: RedisConnectOptions = {}): Promise<RedisAdapters> {
  const prefix = opts.prefix ?? 'cf:';
  const client = await openRedis(url, opts.connectTimeoutMs, opts.onError);
  const pub = client.duplicate({ lazyConnect: false });
  const sub = client.duplicate({ lazyConnect: false });
  for (const c of [pub, sub]) c.on('error', opts.onError ?? (() => {}));
  return {
    client,
    live: createRedisLiveState(client, fleetOf, { prefix, ownsClient: true }),
    bus: createRedisBus(pub, sub, { prefix, ownsClient: true, onError: opts.onError }),
    fixStream: (consumer, more = {}) => createRedisFixStream(client, { stream: `${prefix}fixes`, group: 'ingest', consumer, onError: opts.onError, ...more }),
    lease: (name, ttlMs) => createRedisLease(client, `${prefix}lease:${name}`, ttlMs),
    leader: (name = 'leader', ttlMs = 3000) => createRedisLeader(client, `${prefix}lease:${name}`, ttlMs, opts.onError),
  };
}
