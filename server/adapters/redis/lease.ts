import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { withScripts } from './scripts.js';

/** A time-limited exclusive right held in Redis, e.g. "this process runs the next re-plan". */
export interface RedisLease {
  /** true when this holder has the lease now (taken fresh, or already held and extended) */
  tryAcquire(): Promise<boolean>;
  /** extends the lease by its ttl; false when it was lost (expired and possibly taken by another) */
  renew(): Promise<boolean>;
  /** gives the lease up if still held; never deletes another holder's lease */
  release(): Promise<boolean>;
  /** the random token that identifies this holder */
  readonly token: string;
}

/**
 * Lease on `key` for `ttlMs` (SET NX PX with a random token; renew and release compare the token
 * inside a Lua script so a holder whose lease expired cannot extend or delete the next holder's).
 * The ttl bounds how long a crashed holder blocks the others; renew well before it runs out.
 */
export function createRedisLease(redis: Redis, key: string, ttlMs: number): RedisLease {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new Error(`lease ttl must be a positive integer of ms, got ${ttlMs}`);
  const r = withScripts(redis);
  const token = randomUUID();
  return {
    token,
    async tryAcquire() {
      return (await r.cfLeaseAcquire(1, key, token, ttlMs)) === 1;
    },
    async renew() {
      return (await r.cfLeaseRenew(1, key, token, ttlMs)) === 1;
    },
    async release() {
      return (await r.cfLeaseRelease(1, key, token)) === 1;
    },
  };
}
