import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fix } from '../../contracts/domain.js';
import type { RunningServer } from '../../server/app.js';
import { createRateLimiter } from '../../server/http/hardening.js';
import { authedFetch, startTestServer, tokenFor } from '../server/helpers.js';

const ALLOWED = 'https://console.example.org';

describe('rate limiter', () => {
  it('allows a burst, then asks to wait for the next token', () => {
    let now = 0;
    const limiter = createRateLimiter(2, 3, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBeCloseTo(0.5);
    expect(limiter.take('b')).toBe(0); // another client has its own bucket
    now += 500;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeCloseTo(0.5);
  });

  it('forgets idle clients, so memory stays bounded', () => {
    let now = 0;
    const limiter = createRateLimiter(10, 5, () => now);
    for (let i = 0; i < 1000; i++) limiter.take(`10.0.${i >> 8}.${i & 255}`);
    expect(limiter.size).toBe(1000);
    now += 61_000;
    limiter.take('fresh');
    expect(limiter.size).toBe(1);
  });

  it('is off at rate 0', () => {
    const limiter = createRateLimiter(0, 1);
    for (let i = 0; i < 100; i++) expect(limiter.take('x')).toBe(0);
  });
});

describe('HTTP hardening', () => {
  let srv: RunningServer;
  let fix: (dt: number) => Fix;
  beforeAll(async () => {
    // one token per 100 s after a burst of 3: the limit is reached whatever the machine's speed
    srv = await startTestServer({ corsOrigins: ALLOWED, ingestRate: 0.01, ingestBurst: 3 });
    const id = srv.world.town.fleet[0].id;
    const home = srv.world.town.places.sweeperDepot;
    fix = (dt) => ({ vehicleId: id, lat: home.lat, lon: home.lon, ts: Date.now() - 30_000 + dt });
  });
  afterAll(async () => {
    await srv?.stop();
  });
  const post = (path: string, body: string, type = 'application/json', headers: Record<string, string> = {}) =>
    authedFetch(`${srv.url}${path}`, { method: 'POST', headers: { 'content-type': type, ...headers }, body });

  it('sends security headers', async () => {
    const res = await authedFetch(`${srv.url}/api/v1/health`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('answers CORS only for configured origins', async () => {
    const preflight = (origin: string) =>
      authedFetch(`${srv.url}/api/v1/incidents`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    const ok = await preflight(ALLOWED);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    const evil = await preflight('https://evil.example');
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await authedFetch(`${srv.url}/api/v1/vehicles`, { headers: { origin: 'https://evil.example' } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    // the console itself (same origin) needs no CORS
    const same = await authedFetch(`${srv.url}/api/v1/vehicles`, { headers: { origin: srv.url } });
    expect(same.status).toBe(200);
  });

  it('refuses Socket.IO connections from other origins', async () => {
    const attempt = (origin: string) =>
      new Promise<string>((resolve) => {
        const s = io(`${srv.url}/console`, { transports: ['websocket'], extraHeaders: { origin }, auth: { token: tokenFor(srv) }, reconnection: false, forceNew: true });
        s.once('connect', () => (s.close(), resolve('connected')));
        s.once('connect_error', () => (s.close(), resolve('refused')));
      });
    expect(await attempt('https://evil.example')).toBe('refused');
    expect(await attempt(ALLOWED)).toBe('connected');
  });

  it('limits body sizes per route and refuses non-JSON bodies', async () => {
    const big = JSON.stringify({ type: 'road_debris', description: 'x'.repeat(200_000) });
    const tooBig = await post('/api/v1/incidents', big);
    expect(tooBig.status).toBe(413);
    expect(((await tooBig.json()) as { error: string }).error).toMatch(/too large/);
    const text = await post('/api/v1/incidents', 'type=road_debris', 'text/plain');
    expect(text.status).toBe(415);
  });

  it('answers 429 with Retry-After once a client exceeds its ingestion rate, and only for ingestion', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const res = await post('/api/v1/positions', JSON.stringify({ positions: [fix(i)] }));
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // the same budget covers OsmAnd reports from this address
    expect((await authedFetch(`${srv.url}/osmand?id=x&lat=1&lon=2`)).status).toBe(429);
    // reading is not ingestion
    expect((await authedFetch(`${srv.url}/api/v1/vehicles`)).status).toBe(200);
  });

  it('gives driver fixes a per-client budget too, answered with a negative ack', async () => {
    const id = srv.world.town.fleet[0].id;
    const s = io(`${srv.url}/driver`, { transports: ['websocket'], auth: { vehicleId: id, token: tokenFor(srv, id.toLowerCase()) }, reconnection: false, forceNew: true });
    await new Promise<void>((r) => s.once('connect', () => r()));
    const acks: { ok: boolean; error?: string }[] = [];
    for (let i = 0; i < 4; i++) acks.push(await s.timeout(5000).emitWithAck('fix', fix(100 + i)));
    s.close();
    expect(acks.slice(0, 3).every((a) => a.ok)).toBe(true);
    expect(acks[3]).toEqual({ ok: false, error: expect.stringMatching(/too many fixes/) });
  });
});
