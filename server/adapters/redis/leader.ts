import type { Redis } from 'ioredis';
import type { LeaderPort } from '../../ports.js';
import { createRedisLease } from './lease.js';

/**
 * Leadership over a Redis lease: renewed every third of its ttl; lost when Redis says so or
 * cannot be reached in time (then another process takes over within one ttl).
 */
export async function createRedisLeader(redis: Redis, key: string, ttlMs = 3000, onError: (err: unknown) => void = () => {}): Promise<LeaderPort> {
  const lease = createRedisLease(redis, key, ttlMs);
  const handlers: ((leader: boolean) => void)[] = [];
  let leader = false;
  let closed = false;
  const set = (now: boolean) => {
    if (now === leader) return;
    leader = now;
    for (const h of handlers) h(now);
  };
  const beat = async () => {
    try {
      set(leader ? await lease.renew() : await lease.tryAcquire());
    } catch (err) {
      onError(err);
      set(false);
    }
  };
  await beat();
  const timer = setInterval(() => {
    if (!closed) void beat();
  }, Math.max(100, Math.floor(ttlMs / 3)));
  return {
    isLeader: () => leader && !closed,
    onChange: (h) => void handlers.push(h),
    async close() {
      closed = true;
      clearInterval(timer);
      if (leader) await lease.release().catch(onError);
      leader = false;
    },
  };
}
