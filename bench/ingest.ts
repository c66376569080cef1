/**
 * Ingestion benchmark: HTTP batch -> validation -> live state -> console socket.
 * Phase 1: 5,000 vehicles at 1 Hz for DURATION s: fix-to-console latency p50/p99.
 * Phase 2: as fast as possible with CONCURRENCY requests in flight: fixes/s that reach the console.
 * Baseline in the same run: a bare express JSON endpoint on the same payloads (HTTP + JSON floor).
 * Modes, one server process each, in the same run: baseline (bare express), embedded (memory),
 * redis+mongodb (202 once fixes are in the Redis stream; the archive drains it into MongoDB: the
 * bench waits for the backlog to reach zero, up to DRAIN_MAX s, and reports the archive's rate).
 * Run: npm run bench:ingest   (env BENCH_VEHICLES, DURATION, CONCURRENCY, BATCH, MODES, DRAIN_MAX,
 * BENCH_REDIS_URL, BENCH_MONGO_URL)
 */
import os from 'node:os';
import { io } from 'socket.io-client';
import type { Fix } from '../contracts/domain.js';
import { launchIngestServer, type LaunchedServer, type ServerMode } from './launch.js';

const VEHICLES = Number(process.env.BENCH_VEHICLES ?? 5000);
const DURATION = Number(process.env.DURATION ?? 15);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 4);
const DRAIN_MAX = Number(process.env.DRAIN_MAX ?? 120);
const BATCH = Number(process.env.BATCH ?? 1000);
const LAT = 22.72;
const LON = 114.25;

type Mode = ServerMode;
const MODES: Mode[] = (process.env.MODES?.split(',') as Mode[] | undefined) ?? ['baseline', 'embedded', 'redis+mongodb'];

const launch = (mode: Mode) => launchIngestServer(mode, VEHICLES, 'bench');

const pct = (xs: number[], p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);

/** Makes fixes with unique, increasing times per vehicle (so none is a duplicate). */
function makeFixer() {
  const last = new Float64Array(VEHICLES);
  return (i: number): Fix => {
    const ts = Math.max(Date.now(), last[i] + 1);
    last[i] = ts;
    return { vehicleId: `B-${String(i).padStart(5, '0')}`, lat: LAT + (i % 100) * 1e-4, lon: LON + Math.floor(i / 100) * 1e-4, ts, speedKmh: 20, heading: 90 };
  };
}

async function post({ url, deviceAuth }: LaunchedServer, positions: Fix[]): Promise<number> {
  const res = await fetch(`${url}/api/v1/positions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: deviceAuth }, body: JSON.stringify({ positions }) });
  const body = (await res.json()) as { accepted: number };
  if (res.status !== 202) throw new Error(`HTTP ${res.status}`);
  return body.accepted;
}

async function steady(srv: LaunchedServer, withConsole: boolean) {
  const lat: number[] = [];
  let received = 0;
  const sock = withConsole ? io(`${srv.url}/console`, { transports: ['websocket'], auth: srv.consoleAuth }) : undefined;
  sock?.on('positions', (batch: unknown) => {
    const now = Date.now();
    const b = batch as Fix[];
    received += b.length;
    for (const f of b) lat.push(now - f.ts);
  });
  if (sock) await new Promise((r) => sock.once('snapshot', r));
  const fix = makeFixer();
  const cpu0 = process.cpuUsage();
  let sent = 0;
  // 1 Hz per vehicle, spread over the second in 10 slices
  const slices = 10;
  const per = Math.ceil(VEHICLES / slices);
  const t0 = Date.now();
  for (let tick = 0; tick < DURATION * slices; tick++) {
    const from = (tick % slices) * per;
    const batch: Fix[] = [];
    for (let i = from; i < Math.min(VEHICLES, from + per); i++) batch.push(fix(i));
    sent += await post(srv, batch);
    const wait = t0 + ((tick + 1) * 1000) / slices - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  await new Promise((r) => setTimeout(r, 500));
  sock?.close();
  lat.sort((a, b) => a - b);
  return { sent, received, p50: pct(lat, 50), p99: pct(lat, 99), max: lat[lat.length - 1], cpu: process.cpuUsage(cpu0) };
}

async function flood(srv: LaunchedServer, withConsole: boolean) {
  let received = 0;
  const sock = withConsole ? io(`${srv.url}/console`, { transports: ['websocket'], auth: srv.consoleAuth }) : undefined;
  sock?.on('positions', (b: unknown) => (received += (b as Fix[]).length));
  if (sock) await new Promise((r) => sock.once('snapshot', r));
  const fix = makeFixer();
  let next = 0;
  let accepted = 0;
  const end = Date.now() + DURATION * 1000;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        const batch: Fix[] = [];
        for (let k = 0; k < BATCH; k++) batch.push(fix(next++ % VEHICLES));
        const n = await post(srv, batch); // not `accepted += await ...`: that reads `accepted` before awaiting
        accepted += n;
      }
    }),
  );
  const secs = (Date.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  sock?.close();
  return { accepted, acceptedPerS: accepted / secs, consolePerS: withConsole ? received / secs : NaN };
}

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
const f0 = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '-');

/** Waits for the archive backlog (stream entries) to reach zero; the archive's rate in fixes/s. */
async function drain(url: string, fixes: number, t0: number): Promise<{ seconds: number; left: number; perS: number }> {
  const end = Date.now() + DRAIN_MAX * 1000;
  let left = NaN;
  for (;;) {
    left = ((await (await fetch(`${url}/api/v1/health`)).json()) as { archiveBacklog: number }).archiveBacklog;
    if (left === 0 || Date.now() > end) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (Date.now() - t0) / 1000;
  return { seconds, left, perS: left === 0 ? fixes / seconds : NaN };
}

const results: string[] = [];
const notes: string[] = [];
const flooded: Partial<Record<Mode, number>> = {};
const steadyP99: Partial<Record<Mode, number>> = {};
for (const mode of MODES) {
  const srv = await launch(mode);
  const { url, child } = srv;
  const real = mode !== 'baseline';
  const t0 = Date.now();
  const s = await steady(srv, real);
  const f = await flood(srv, real);
  let archive = real ? 'with the request' : '-';
  if (mode === 'redis+mongodb') {
    const d = await drain(url, s.sent + f.accepted, t0);
    archive = d.left === 0 ? `${f0(d.perS)} fixes/s (${(s.sent + f.accepted).toLocaleString('en-US')} fixes stored ${d.seconds.toFixed(0)} s after the first)` : `backlog of ${d.left} entries after ${DRAIN_MAX} s`;
  }
  child.kill('SIGTERM');
  flooded[mode] = f.acceptedPerS;
  steadyP99[mode] = s.p99;
  results.push(row([mode, f0(s.sent / DURATION), real ? `${s.p50} / ${s.p99} / ${s.max}` : '-', f0(f.acceptedPerS), f0(f.consolePerS), archive]));
  if (real && s.received < s.sent) notes.push(`${mode}: console received ${s.received} of ${s.sent} steady-phase fixes`);
}
if (flooded.embedded && flooded['redis+mongodb']) {
  notes.push(`redis+mongodb / embedded: flood fixes/s x${(flooded['redis+mongodb'] / flooded.embedded).toFixed(2)}, steady fix->console p99 x${((steadyP99['redis+mongodb'] ?? NaN) / (steadyP99.embedded ?? NaN)).toFixed(2)}`);
}
console.log(`\nIngestion benchmark: ${VEHICLES} vehicles, ${DURATION} s per phase, batches of ${BATCH}, ${CONCURRENCY} requests in flight; ${os.cpus().length} cores, ${os.cpus()[0]?.model}, node ${process.version}\n`);
console.log(row(['server', 'steady fixes/s (1 Hz)', 'fix->console ms p50 / p99 / max', 'flood accepted fixes/s', 'flood fixes/s at console', 'archive']));
console.log(row(['---', '---', '---', '---', '---', '---']));
for (const r of results) console.log(r);
for (const n of notes) console.log(`\n${n}`);
