/**
 * Seeded fuzzing of every public HTTP endpoint (found by walking the Express app, so routes added
 * later are fuzzed too) and every Socket.IO event: hostile input gets a 4xx with an error message
 * or a negative ack, never a 5xx, a crash or an unhandled rejection; the server stays healthy.
 * FUZZ_SEED replays a run; FUZZ_CASES sets the cases per route.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fix } from '../../contracts/domain.js';
import { createRng, type Rng } from '../../optimizer/util/rng.js';
import type { RunningServer } from '../../server/app.js';
import { appEndpoints, type Endpoint } from './endpoints.js';
import { authedFetch, startTestServer, tokenFor } from '../server/helpers.js';
import { brokenBody, mutate, randomObject, randomParam, randomQuery, randomValue } from './fuzz-values.js';

const SEED = Number(process.env.FUZZ_SEED ?? 8);
const CASES = Number(process.env.FUZZ_CASES ?? 24);

let srv: RunningServer;
let rng: Rng;
let vehicleIds: string[];
let incidentId: string;

function validFix(vehicleId: string, dt = 0): Fix {
  const home = srv.world.town.places.sweeperDepot;
  return { vehicleId, lat: home.lat + 0.0005, lon: home.lon, ts: Date.now() - 60_000 + dt, speedKmh: 8, heading: 10, working: true };
}

/** A valid body per route, which the fuzzer mutates field by field. */
function template(path: string): Record<string, unknown> {
  const home = srv.world.town.places.sweeperDepot;
  if (path.endsWith('/positions')) return { positions: [validFix(rng.pick(vehicleIds), rng.int(50_000))] };
  if (path.endsWith('/events')) return { type: 'full' };
  if (path.endsWith('/steps')) return { step: 'arrive', by: 'driver:fuzz', note: 'x' };
  if (path.endsWith('/pin')) return { vehicleId: rng.pick(vehicleIds), by: 'dispatcher:fuzz' };
  if (path.endsWith('/requests')) return { kg: 10 };
  if (path === '/api/v1/incidents') return { type: 'road_debris', lat: home.lat, lon: home.lon, source: 'hotline' };
  if (path === '/osmand') return { id: rng.pick(vehicleIds), lat: home.lat, lon: home.lon, timestamp: Math.floor(Date.now() / 1000) - 30, speed: 3 };
  return {};
}

function fillParams(path: string): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    const valid = name === 'id' && path.includes('/incidents') ? [incidentId] : name === 'id' && path.includes('/restaurants') ? srv.world.town.restaurants.map((r) => r.id) : vehicleIds;
    return randomParam(rng, valid);
  });
}

/** One fuzzed request to an endpoint. */
function fuzzRequest(e: Endpoint): { url: string; init: RequestInit } {
  const base = template(e.path);
  let url = srv.url + fillParams(e.path);
  if (e.method === 'GET' || e.method === 'DELETE') {
    // OsmAnd reports come as query strings too
    const q = e.path === '/osmand' && rng.next() < 0.6 ? `?${new URLSearchParams(Object.entries(mutate(rng, base) as object).map(([k, v]) => [k, String(v)]))}` : randomQuery(rng, Object.keys(base));
    return { url: url + q, init: { method: e.method } };
  }
  url += rng.next() < 0.2 ? randomQuery(rng, Object.keys(base)) : '';
  const roll = rng.next();
  if (roll < 0.25) {
    const raw = brokenBody(rng, base);
    return { url, init: { method: e.method, headers: { 'content-type': raw.type }, body: raw.body as BodyInit } };
  }
  const body = roll < 0.75 ? mutate(rng, base) : roll < 0.85 && 'positions' in base ? { positions: Array.from({ length: 1 + rng.int(5) }, () => mutate(rng, validFix(rng.pick(vehicleIds)) as unknown as Record<string, unknown>)) } : roll < 0.95 ? randomValue(rng) : undefined;
  if (body === undefined) return { url, init: { method: e.method } };
  return { url, init: { method: e.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } };
}

beforeAll(async () => {
  srv = await startTestServer();
  rng = createRng(SEED);
  vehicleIds = srv.world.town.fleet.map((v) => v.id);
  const home = srv.world.town.places.sweeperDepot;
  const res = await authedFetch(`${srv.url}/api/v1/incidents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'road_debris', lat: home.lat, lon: home.lon }) });
  incidentId = ((await res.json()) as { id: string }).id;
});
afterAll(async () => {
  await srv?.stop();
});

async function expectHealthy(): Promise<void> {
  const health = await authedFetch(`${srv.url}/api/v1/health`);
  expect(health.status).toBe(200);
  expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
  const id = vehicleIds[0];
  const res = await authedFetch(`${srv.url}/api/v1/positions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ positions: [validFix(id, 55_000 + rng.int(1000))] }) });
  expect(res.status).toBe(202);
  expect(((await res.json()) as { accepted: number }).accepted).toBe(1);
}

describe(`fuzzed HTTP input (seed ${SEED})`, () => {
  it('finds every public endpoint of routes.ts', () => {
    const found = appEndpoints(srv).map((e) => `${e.method} ${e.path}`);
    for (const known of ['GET /api/v1/health', 'POST /api/v1/positions', 'POST /api/v1/incidents', 'POST /api/v1/incidents/:id/steps', 'DELETE /api/v1/incidents/:id/pin', 'GET /api/v1/reports/coverage.csv', 'POST /osmand', 'GET /osmand']) {
      expect(found).toContain(known);
    }
  });

  it('answers every fuzzed request with 2xx or a 4xx carrying an error message, never 5xx', { timeout: 180_000 }, async () => {
    const failures: string[] = [];
    let clientErrors = 0;
    for (const e of appEndpoints(srv)) {
      // the network is megabytes of static JSON: a few queries are enough
      const n = e.path.endsWith('/network') ? 2 : CASES;
      for (let i = 0; i < n; i++) {
        const { url, init } = fuzzRequest(e);
        const res = await authedFetch(url, init);
        const text = await res.text();
        const what = `${init.method} ${url.slice(srv.url.length, srv.url.length + 120)} ${String(init.body ?? '').slice(0, 120)}`;
        if (res.status >= 500) failures.push(`${res.status} ${what}: ${text.slice(0, 200)}`);
        else if (res.status >= 400) {
          clientErrors++;
          let error: unknown;
          try {
            error = (JSON.parse(text) as { error?: unknown }).error;
          } catch {
            error = undefined;
          }
          if (typeof error !== 'string' || !error) failures.push(`${res.status} without an error message: ${what}: ${text.slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // the fuzzer did reach the validation, not only the happy path
    expect(clientErrors).toBeGreaterThan(100);
    await expectHealthy();
  });

  it('refuses prototype-pollution keys without polluting anything', async () => {
    const body = `{"type":"road_debris","lat":1,"lon":2,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`;
    const res = await authedFetch(`${srv.url}/api/v1/incidents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBeLessThan(500);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});

function driver(auth: unknown): Socket {
  return io(`${srv.url}/driver`, { transports: ['websocket'], auth: auth as Record<string, unknown>, reconnection: false, forceNew: true });
}

function connected(s: Socket): Promise<'connected' | string> {
  return new Promise((resolve) => {
    s.once('connect', () => resolve('connected'));
    s.once('connect_error', (err) => resolve(err.message || 'connect_error'));
  });
}

describe(`fuzzed Socket.IO input (seed ${SEED})`, () => {
  it('refuses driver connections with malformed auth or another vehicle', async () => {
    const own = vehicleIds[2];
    const token = tokenFor(srv, own.toLowerCase());
    for (let i = 0; i < 30; i++) {
      const roll = rng.next();
      // random objects, random tokens, and the real driver token with a mangled or random vehicle
      const auth =
        roll < 0.3 ? randomObject(rng, 2, ['vehicleId', 'token'])
        : roll < 0.5 ? { vehicleId: own, token: (mutate(rng, { t: token }) as { t?: unknown } | null)?.t }
        : roll < 0.8 ? { token, vehicleId: randomValue(rng, 1) }
        : { token, vehicleId: rng.pick(vehicleIds) };
      const s = driver(auth);
      const outcome = await connected(s);
      s.close();
      const a = auth as { vehicleId?: unknown; token?: unknown };
      const legit = a.token === token && (a.vehicleId === undefined || a.vehicleId === own);
      expect(outcome === 'connected', JSON.stringify(auth).slice(0, 200)).toBe(legit);
    }
  });

  it('answers malformed ack and fix payloads with a negative ack, and survives broken frames', { timeout: 120_000 }, async () => {
    const id = vehicleIds[1];
    const token = tokenFor(srv, id.toLowerCase());
    let s = driver({ vehicleId: id, token });
    expect(await connected(s)).toBe('connected');
    const bad: string[] = [];
    for (let i = 0; i < 300; i++) {
      if (!s.connected) {
        s = driver({ vehicleId: id, token });
        expect(await connected(s)).toBe('connected');
      }
      const event = rng.pick(['ack', 'fix', 'fix', 'ack', 'snapshot', 'nope']);
      const payload = event === 'fix' ? mutate(rng, validFix(id, rng.int(50_000)) as unknown as Record<string, unknown>) : event === 'ack' ? mutate(rng, { vehicleId: id, version: 1 }) : randomValue(rng);
      const roll = rng.next();
      if (roll < 0.1) {
        // socket.io packets cut short or carrying no array: the parser drops the connection, nothing more
        s.io.engine.write(rng.pick(['42/driver,["fix",{', '42/driver,{"a":1}', '42/driver,[', '4', '42/driver,[1,2]', '49/driver,["ack"]', '42/driver,["__proto__",{}]']));
        continue;
      }
      if (roll < 0.15) {
        s.emit(event, payload); // no callback
        continue;
      }
      if (roll < 0.18) {
        s.emit('fix', { ...validFix(id), note: 'x'.repeat(100_000) }); // over maxHttpBufferSize: the server closes the connection
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      if (event !== 'ack' && event !== 'fix') {
        s.emit(event, payload, () => {});
        continue;
      }
      const reply = await s
        .timeout(5000)
        .emitWithAck(event, payload)
        .catch((err: Error) => ({ timeout: err.message }));
      const r = reply as { ok?: unknown; error?: unknown; timeout?: string };
      if (r.timeout && s.connected) bad.push(`${event} ${JSON.stringify(payload)?.slice(0, 150)}: no ack`);
      else if (!r.timeout && (typeof r.ok !== 'boolean' || (!r.ok && typeof r.error !== 'string'))) bad.push(`${event} ${JSON.stringify(payload)?.slice(0, 150)}: ${JSON.stringify(r)}`);
    }
    s.close();
    expect(bad).toEqual([]);

    const c = io(`${srv.url}/console`, { transports: ['websocket'], auth: { token: tokenFor(srv, 'manager') }, reconnection: false, forceNew: true });
    await new Promise((r) => c.once('snapshot', r));
    for (let i = 0; i < 20; i++) c.emit('snapshot', randomValue(rng), randomValue(rng));
    c.close();

    await expectHealthy();
    const ok = driver({ vehicleId: id, token });
    expect(await connected(ok)).toBe('connected');
    const r = await ok.timeout(5000).emitWithAck('fix', validFix(id, 58_000));
    expect(r).toEqual({ ok: true, data: { accepted: 1 } });
    ok.close();
  });
});
