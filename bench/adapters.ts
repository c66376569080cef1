/**
 * Adapter benchmark: the real adapters against the in-memory ones, measured in the same run.
 * - writePositions: batches of BATCH fixes from VEHICLES vehicles, memory vs Redis (Lua + one
 *   pipeline per call) vs a naive Redis baseline (HSET + GEOADD awaited per fix);
 * - nearest: 5 nearest tow trucks among VEHICLES/4, memory (linear scan) vs Redis (GEOSEARCH);
 * - appendTrack into 10-minute buckets, memory vs MongoDB (FerretDB by default), two shapes:
 *   "device" batches (BATCH/5 vehicles x 5 s each, as phones upload buffers) and "live" batches
 *   (one fix of each of BATCH vehicles, second after second, as the ingest path archives), and
 *   the device batches retried (idempotent no-ops).
 * Run: npx tsx bench/adapters.ts   (env REDIS_URL, MONGO_URL, VEHICLES, BATCH, BATCHES, MONGO_BATCHES)
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { FLEETS, type Fix, type Fleet } from '../contracts/domain.js';
import { createMemoryStore } from '../server/adapters/memory/durable-store.js';
import { createMemoryLiveState } from '../server/adapters/memory/live-state.js';
import { createMongoStore } from '../server/adapters/mongo/durable-store.js';
import { createRedisLiveState } from '../server/adapters/redis/live-state.js';
import type { DurableStorePort, LiveStatePort } from '../server/ports.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const MONGO_URL = process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/';
const VEHICLES = Number(process.env.VEHICLES ?? 5000);
const BATCH = Number(process.env.BATCH ?? 1000);
const BATCHES = Number(process.env.BATCHES ?? 100);
/** FerretDB manages about a hundred upserts a second on a busy 2-core box: fewer batches there */
const MONGO_BATCHES = Number(process.env.MONGO_BATCHES ?? Math.min(BATCHES, 10));
const T0 = Date.UTC(2026, 10, 23, 1, 0, 0);

const fleetOf = (id: string): Fleet => FLEETS[Number(id.slice(2)) % FLEETS.length];
const vid = (i: number) => `V-${String(i).padStart(5, '0')}`;

/** Batch `b` of the position stream: BATCH consecutive vehicles, round robin, one fix each. */
function positionBatch(b: number): Fix[] {
  return Array.from({ length: BATCH }, (_, k) => {
    const n = b * BATCH + k;
    const i = n % VEHICLES;
    return { vehicleId: vid(i), ts: T0 + Math.floor(n / VEHICLES) * 1000, lat: 22.7 + (i % 100) * 5e-4, lon: 114.2 + Math.floor(i / 100) * 5e-4, speedKmh: 20, heading: 90 };
  });
}

/** Batch `b` of device uploads: BATCH/5 vehicles with 5 seconds of fixes each. */
function deviceBatch(b: number): Fix[] {
  const perVehicle = 5;
  const vehicles = Math.max(1, Math.floor(BATCH / perVehicle));
  const rounds = Math.max(1, Math.floor(VEHICLES / vehicles));
  const group = b % rounds;
  const t = T0 + Math.floor(b / rounds) * perVehicle * 1000;
  const out: Fix[] = [];
  for (let v = 0; v < vehicles; v++) {
    for (let s = 0; s < perVehicle; s++) out.push({ vehicleId: vid(group * vehicles + v), ts: t + s * 1000, lat: 22.7 + v * 1e-4, lon: 114.2 + s * 1e-5, working: true });
  }
  return out;
}

async function rate(label: string, batches: Fix[][], write: (fixes: Fix[]) => Promise<unknown>): Promise<number> {
  const t = performance.now();
  for (const b of batches) await write(b);
  const fixes = batches.reduce((s, b) => s + b.length, 0);
  const s = (performance.now() - t) / 1000;
  console.error(`  ${label}: ${fixes} fixes in ${s.toFixed(2)} s`);
  return fixes / s;
}

async function nearestP50(live: LiveStatePort, runs = 200): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await live.nearest('tow', 22.72 + (i % 10) * 1e-3, 114.22, 5);
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** Naive baseline: what the Redis adapter avoids (one awaited round trip per fix, no script). */
async function naiveRedisWrite(redis: Redis, prefix: string, fixes: Fix[]): Promise<void> {
  for (const f of fixes) {
    await redis.hset(`${prefix}live:pos`, f.vehicleId, JSON.stringify(f));
    await redis.geoadd(`${prefix}live:geo:${fleetOf(f.vehicleId)}`, f.lon, f.lat, f.vehicleId);
  }
}

type Row = [string, string, number, string];
const rows: Row[] = [];
const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));

async function main(): Promise<void> {
  const positions = Array.from({ length: BATCHES }, (_, b) => positionBatch(b));
  const tracks = Array.from({ length: MONGO_BATCHES }, (_, b) => deviceBatch(b));
  const live = positions.slice(0, MONGO_BATCHES).map((batch) => batch.map((f) => ({ ...f, working: true })));

  const memLive = createMemoryLiveState(fleetOf);
  const memRate = await rate('memory live', positions, (f) => memLive.writePositions(f));
  rows.push(['writePositions', 'memory', memRate, 'fixes/s']);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const prefix = `cfbench:${randomUUID().slice(0, 8)}:`;
  try {
    const redisLive = createRedisLiveState(redis, fleetOf, { prefix });
    rows.push(['writePositions', 'redis (Lua, 1 pipeline/call)', await rate('redis live', positions, (f) => redisLive.writePositions(f)), 'fixes/s']);
    rows.push(['writePositions', 'redis naive (2 awaited cmds/fix)', await rate('redis naive', positions.slice(0, Math.max(1, BATCHES / 10)), (f) => naiveRedisWrite(redis, `${prefix}naive:`, f)), 'fixes/s']);
    rows.push(['nearest(tow, 5) p50', 'memory (scan)', await nearestP50(memLive), 'ms']);
    rows.push(['nearest(tow, 5) p50', 'redis (GEOSEARCH)', await nearestP50(redisLive), 'ms']);
  } finally {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  }

  const memStore: DurableStorePort = createMemoryStore();
  rows.push(['appendTrack device', 'memory', await rate('memory device', tracks, (f) => memStore.appendTrack(f)), 'fixes/s']);
  rows.push(['appendTrack live', 'memory', await rate('memory live', live, (f) => memStore.appendTrack(f)), 'fixes/s']);
  const url = new URL(MONGO_URL);
  url.pathname = `/cityfleet_bench_${randomUUID().slice(0, 8)}`;
  const mongo = await createMongoStore(url.toString());
  try {
    rows.push(['appendTrack device', `mongodb (${url.host})`, await rate('mongo device', tracks, (f) => mongo.appendTrack(f)), 'fixes/s']);
    rows.push(['appendTrack device', 'mongodb, same batches retried', await rate('mongo retried', tracks.slice(0, Math.max(1, Math.floor(MONGO_BATCHES / 2))), (f) => mongo.appendTrack(f)), 'fixes/s']);
    rows.push(['appendTrack live', `mongodb (${url.host})`, await rate('mongo live', live.map((b) => b.map((f) => ({ ...f, vehicleId: `L${f.vehicleId}` }))), (f) => mongo.appendTrack(f)), 'fixes/s']);
    const stored = await mongo.countTrack();
    const expected = tracks.flat().length + live.flat().length;
    if (stored !== expected) throw new Error(`archive holds ${stored} fixes, expected ${expected}`);
  } finally {
    await mongo.connection.dropDatabase();
    await mongo.close();
  }

  const base = new Map<string, number>();
  for (const [op, , v] of rows) if (!base.has(op)) base.set(op, v);
  console.log(`VEHICLES=${VEHICLES} BATCH=${BATCH} BATCHES=${BATCHES} MONGO_BATCHES=${MONGO_BATCHES}  redis ${REDIS_URL}  mongo ${MONGO_URL}`);
  console.log('| operation | adapter | result | unit | vs memory |');
  console.log('|---|---|---:|---|---:|');
  for (const [op, adapter, v, unit] of rows) console.log(`| ${op} | ${adapter} | ${fmt(v)} | ${unit} | ${(v / base.get(op)!).toPrecision(2)}x |`);
}

await main();
