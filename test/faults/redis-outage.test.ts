import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import { mongoGate, mongoTestUrl, testPrefix } from '../adapters/servers.js';
import { authedFetch, startTestServer } from '../server/helpers.js';
import { redisMissing, startOwnRedis, type OwnServer } from './own-servers.js';
import { settle, Traffic } from './traffic.js';

// Redis is private to this file (killed and restarted); the archive is the shared test FerretDB
const mongo = await mongoGate();
const missing = redisMissing();
const skip = mongo.skip || !!missing;
if (missing && process.env.CI) throw new Error(`CI is set but ${missing}`);

describe.skipIf(skip)(mongo.label(`Redis outage with Redis + MongoDB${missing ? ` [SKIPPED: ${missing}]` : ''}`), () => {
  let redis: OwnServer;
  const servers: RunningServer[] = [];
  const start = async (outageBufferFixes = 200_000) => {
    await redis.restart();
    const srv = await startTestServer({ redisUrl: redis.url, redisPrefix: testPrefix(), mongoUrl: mongoTestUrl(), outageBufferFixes, retryAfterS: 7 });
    servers.push(srv);
    return srv;
  };

  beforeAll(async () => {
    redis = await startOwnRedis();
  });
  afterAll(async () => {
    // servers first, while their Redis answers, so they close cleanly
    if (redis) await redis.restart().catch(() => {});
    for (const s of servers) await s.stop().catch(() => {});
    await redis?.dispose();
  });

  it('keeps accepting fixes while Redis is down, then stores every one of them once it is back', { timeout: 120_000 }, async () => {
    const srv = await start();
    const traffic = new Traffic(srv);
    expect(new Set(await traffic.posts(10))).toEqual(new Set([202]));

    await redis.kill();
    const during = await traffic.posts(30);
    expect(new Set(during)).toEqual(new Set([202]));
    const health = await authedFetch(`${srv.url}/api/v1/health`);
    expect(health.status).toBe(200);

    await redis.restart();
    expect(new Set(await traffic.posts(10))).toEqual(new Set([202]));
    expect(traffic.accepted).toBe(500);
    // the restarted Redis kept nothing: what it lost is sent again, then the buffer in order
    const stored = await settle(() => srv.world.adapters.store.countTrack(), traffic.accepted);
    expect(stored).toBe(traffic.accepted);
    expect(await settle(() => srv.world.adapters.archive!.backlog(), 0)).toBe(0);
  });

  it('with Redis alone, holds the newest position of each vehicle and writes it to Redis once it is back', { timeout: 120_000 }, async () => {
    await redis.restart();
    const srv = await startTestServer({ redisUrl: redis.url, redisPrefix: testPrefix(), mongoUrl: undefined });
    servers.push(srv);
    const traffic = new Traffic(srv);
    await traffic.posts(2);
    await redis.kill();
    expect(new Set(await traffic.posts(10))).toEqual(new Set([202]));
    const sent = traffic.batch(1)[0];
    expect((await srv.ingest.ingest([sent])).accepted).toBe(1);
    await redis.restart();
    const newest = async () => (await srv.world.adapters.live.readPositions()).find((f) => f.vehicleId === sent.vehicleId)?.ts;
    expect(await settle(newest, sent.ts)).toBe(sent.ts);
    // the archive is the in-process store here: everything answered is in it
    expect(await srv.world.adapters.store.countTrack()).toBe(traffic.accepted + 1);
  });

  it('answers 503 with Retry-After once the outage buffer is full, and loses nothing it answered 202', { timeout: 120_000 }, async () => {
    const srv = await start(100);
    const traffic = new Traffic(srv);
    await traffic.posts(3);
    await redis.kill();
    let refused: { status: number; retryAfter: string | null } | undefined;
    for (let i = 0; i < 50 && !refused; i++) {
      const r = await traffic.post();
      if (r.status !== 202) refused = r;
    }
    expect(refused).toEqual({ status: 503, retryAfter: '7' });
    // the buffer holds at least its bound before refusing, and not much more
    expect(traffic.accepted).toBeGreaterThanOrEqual(130);
    expect(traffic.accepted).toBeLessThanOrEqual(150);

    await redis.restart();
    expect(await settle(async () => srv.world.adapters.backpressure?.saturated(), undefined)).toBeUndefined();
    expect((await traffic.post()).status).toBe(202);
    expect(await settle(() => srv.world.adapters.store.countTrack(), traffic.accepted)).toBe(traffic.accepted);
  });
});
