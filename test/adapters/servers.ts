import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Redis } from 'ioredis';

/** Where the adapter tests find their servers (real ones, never mocks). */
export const REDIS_TEST_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
export const MONGO_TEST_BASE = process.env.MONGO_TEST_URL ?? 'mongodb://127.0.0.1:27017/';

/** A fresh random prefix for Redis keys of one test run, so parallel runs never collide. */
export function testPrefix(): string {
  return `cftest:${randomUUID().slice(0, 8)}:`;
}

/** A fresh database URL on the test MongoDB (FerretDB by default). */
export function mongoTestUrl(): string {
  const u = new URL(MONGO_TEST_BASE);
  u.pathname = `/cityfleet_test_${randomUUID().slice(0, 8)}`;
  return u.toString();
}

function tcpProbe(url: string, defaultPort: number): Promise<string | undefined> {
  const u = new URL(url);
  const host = u.hostname || '127.0.0.1';
  const port = Number(u.port || defaultPort);
  return new Promise((resolve) => {
    const s = net.connect({ host, port, timeout: 1000 });
    s.once('connect', () => (s.destroy(), resolve(undefined)));
    s.once('timeout', () => (s.destroy(), resolve(`no answer from ${host}:${port} within 1 s`)));
    s.once('error', (e) => resolve(`${host}:${port}: ${e.message}`));
  });
}

/**
 * Whether a server can be used. When it cannot: in CI (`CI` set) the test file fails at load with
 * the reason; elsewhere its suites are skipped and the reason is in the suite name and on stderr.
 */
export async function serverGate(name: string, url: string, defaultPort: number, hint: string): Promise<{ skip: boolean; label: (suite: string) => string }> {
  const reason = await tcpProbe(url, defaultPort);
  if (!reason) return { skip: false, label: (s) => s };
  const msg = `${name} not reachable (${reason}); ${hint}`;
  if (process.env.CI) throw new Error(`CI is set, so ${name} is required but ${msg}`);
  console.warn(`[adapter tests] skipping ${name} suites: ${msg}`);
  return { skip: true, label: (s) => `${s} [SKIPPED: ${msg}]` };
}

/** Gate for Redis suites. */
export function redisGate() {
  return serverGate('Redis', REDIS_TEST_URL, 6379, 'start redis-server on 127.0.0.1:6379 or set REDIS_TEST_URL');
}

/** Gate for MongoDB suites. */
export function mongoGate() {
  return serverGate('MongoDB/FerretDB', MONGO_TEST_BASE, 27017, 'run scripts/start-ferretdb.sh or set MONGO_TEST_URL');
}

/** A Redis client for tests; fails commands fast instead of queueing them while disconnected. */
export function testRedis(): Redis {
  return new Redis(REDIS_TEST_URL, { maxRetriesPerRequest: 1, lazyConnect: false });
}

/** Deletes every key under a prefix. */
export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

/** Waits until `cond` holds or `ms` passes; returns whether it held. */
export async function eventually(cond: () => boolean | Promise<boolean>, ms = 2000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return cond();
}
