/**
 * JT/T 808 load: TERMINALS terminals connected at once to the server on 127.0.0.1, each reporting
 * a location every PERIOD s (spread evenly). The server runs in its own process with a real
 * createIngest over a FleetState of TERMINALS vehicles and the memory adapters, and stamps each
 * fix when ingest publishes it as live (after the live-state write). Baseline in the same run: a bare TCP server that only deframes
 * and echoes each frame. Prints server CPU, send -> reply and send -> live-state latency.
 * Run: ulimit -n 65536; npx tsx bench/jt808-load.ts   (env TERMINALS=5000 PERIOD=10 DURATION=30)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Fix } from '../contracts/domain.js';
import { generateDemoTown } from '../fixtures/demo-town.js';
import type { VehicleSpec } from '../fixtures/types.js';
import { createMemoryBus } from '../server/adapters/memory/event-bus.js';
import { createSoleLeader } from '../server/adapters/memory/leader.js';
import { createMemoryLiveState } from '../server/adapters/memory/live-state.js';
import { createMemoryStore } from '../server/adapters/memory/durable-store.js';
import { realClock } from '../server/clock.js';
import { createIngest } from '../server/ingest/ingest.js';
import { stringToBcd } from '../server/ingest/jt808/bytes.js';
import { decodeJt808Frame } from '../server/ingest/jt808/decode.js';
import { encodeJt808Frame } from '../server/ingest/jt808/encode.js';
import { createDeframer, escapeFrame } from '../server/ingest/jt808/frame.js';
import { createJt808Server } from '../server/ingest/jt808/server.js';
import { FleetState } from '../server/live/fleet-state.js';

const N = Number(process.env.TERMINALS ?? 5000);
const PERIOD_MS = Number(process.env.PERIOD ?? 10) * 1000;
const DURATION_MS = Number(process.env.DURATION ?? 30) * 1000;
type Mode = 'cityfleet' | 'baseline';

const nowMs = () => performance.timeOrigin + performance.now();
const phoneOf = (i: number) => '0139' + String(i).padStart(8, '0');
const vehicleOf = (i: number) => `B-${String(i).padStart(5, '0')}`;
const town = generateDemoTown(1);
const [minLat, minLon, maxLat, maxLon] = town.network.bbox;

type FromServer = { port: number } | { cpuMs: number; wallMs: number; live: [string, number][]; loopP99Ms: number; loopMaxMs: number; stats?: unknown };

/** Server side, in its own process so the terminals' load does not share its event loop. */
async function serve(mode: Mode): Promise<void> {
  let port: number;
  let liveAt = new Map<string, number>();
  let stats: () => unknown = () => undefined;
  if (mode === 'cityfleet') {
    const specs: VehicleSpec[] = Array.from({ length: N }, (_, i) => ({ ...town.fleet[i % town.fleet.length], id: vehicleOf(i), name: `bench ${i}` }));
    const fleet = new FleetState(specs);
    const adapters = { live: createMemoryLiveState((id) => fleet.fleetOf(id)), store: createMemoryStore(), bus: createMemoryBus(), leader: createSoleLeader(), kind: 'memory' };
    const ingest = createIngest({ fleet, adapters, clock: realClock, area: town.network.bbox, maxFutureMs: 120_000 });
    // live fixes are published on the bus once written to live state: that is "in live state"
    adapters.bus.subscribe('fixes', (payload) => {
      const t = nowMs();
      for (const f of payload as Fix[]) liveAt.set(`${f.vehicleId}|${f.ts}`, t);
    });
    const byPhone = new Map(specs.map((s, i) => [phoneOf(i), s.id]));
    const server = createJt808Server({ ingest, resolveVehicle: (id) => byPhone.get(id) });
    port = await server.listen(0, '127.0.0.1');
    stats = server.stats;
  } else {
    const server = createServer((socket) => {
      const d = createDeframer(4096);
      socket.on('data', (chunk) => {
        for (const f of d.push(chunk).frames) if (f.kind === 'binary') socket.write(Uint8Array.from([0x7e, ...escapeFrame(f.bytes), 0x7e]));
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((r) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => r()));
    port = (server.address() as AddressInfo).port;
  }
  let cpu0 = process.cpuUsage();
  let t0 = nowMs();
  // event-loop delay tells our own stalls from a machine busy with other work
  const loop = monitorEventLoopDelay({ resolution: 10 });
  process.on('message', (msg) => {
    if (msg === 'start') {
      cpu0 = process.cpuUsage();
      t0 = nowMs();
      liveAt = new Map();
      loop.enable();
    } else if (msg === 'stop') {
      const c = process.cpuUsage(cpu0);
      loop.disable();
      const loopP99Ms = loop.percentile(99) / 1e6;
      const loopMaxMs = loop.max / 1e6;
      process.send!({ cpuMs: (c.user + c.system) / 1000, wallMs: nowMs() - t0, live: [...liveAt], loopP99Ms, loopMaxMs, stats: stats() } satisfies FromServer);
    }
  });
  process.send!({ port } satisfies FromServer);
}

/** The 28-byte basic location block, GMT+8 BCD time of `t`. */
function locationBody(i: number, t: number): Uint8Array {
  const b = new Uint8Array(28);
  const v = new DataView(b.buffer);
  const lat = minLat + ((maxLat - minLat) * ((i * 37) % 101)) / 101;
  const lon = minLon + ((maxLon - minLon) * ((i * 53) % 103)) / 103;
  v.setUint32(4, 0x3); // ACC on, fixed
  v.setUint32(8, Math.round(lat * 1e6));
  v.setUint32(12, Math.round(lon * 1e6));
  v.setUint16(18, 250); // 25.0 km/h
  v.setUint16(20, 90);
  const d = new Date(t + 8 * 3600_000);
  const p2 = (n: number) => String(n).padStart(2, '0');
  b.set(stringToBcd(`${p2(d.getUTCFullYear() % 100)}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}${p2(d.getUTCSeconds())}`, 6), 22);
  return b;
}

interface Terminal {
  i: number;
  socket: Socket;
  serial: number;
  /** serial -> send time */
  pending: Map<number, number>;
  onReply?: (body: Uint8Array, msgId: number) => void;
}

function open(port: number, i: number, rtt: number[]): Promise<Terminal> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const t: Terminal = { i, socket, serial: 0, pending: new Map() };
    const d = createDeframer(4096);
    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      const now = nowMs();
      for (const f of d.push(chunk).frames) {
        if (f.kind !== 'binary') continue;
        const r = decodeJt808Frame(f.bytes);
        if (!r.ok) continue;
        const b = r.message.body;
        // a general reply names the serial it answers; the baseline echoes our own frame
        const serial = b.type === 'platform-reply' ? b.replySerial : r.message.header.serial;
        const sent = t.pending.get(serial);
        if (sent !== undefined) {
          t.pending.delete(serial);
          rtt.push(now - sent);
        }
        if (t.onReply && r.message.header.msgId === 0x8100 && b.type === 'other') t.onReply(Uint8Array.from(Buffer.from(b.bodyHex, 'hex')), 0x8100);
        else if (t.onReply && b.type === 'platform-reply') t.onReply(new Uint8Array([b.result]), 0x8001);
      }
    });
    socket.once('connect', () => resolve(t));
    socket.once('error', reject);
  });
}

function send(t: Terminal, msgId: number, body: Uint8Array): number {
  const serial = (t.serial = (t.serial + 1) & 0xffff);
  t.socket.write(encodeJt808Frame(msgId, { terminalId: phoneOf(t.i), version2019: false }, serial, body));
  return serial;
}

/** Registers and authenticates, as a real terminal does on every connection. */
function login(t: Terminal): Promise<void> {
  return new Promise((resolve, reject) => {
    t.onReply = (body, msgId) => {
      if (msgId === 0x8100) {
        if (body[2] !== 0) return reject(new Error(`terminal ${t.i}: registration refused (${body[2]})`));
        send(t, 0x0102, body.subarray(3));
      } else {
        t.onReply = undefined;
        if (body[0] === 0) resolve();
        else reject(new Error(`terminal ${t.i}: authentication refused`));
      }
    };
    send(t, 0x0100, new Uint8Array(37 + 6));
  });
}

async function inBatches<T>(n: number, size: number, f: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let s = 0; s < n; s += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - s) }, (_, k) => f(s + k)))));
  return out;
}

const pct = (xs: number[], p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);

async function run(mode: Mode) {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [mode], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const next = () => new Promise<FromServer>((r) => child.once('message', (m) => r(m as FromServer)));
  const { port } = (await next()) as { port: number };
  const rtt: number[] = [];
  const tc = nowMs();
  const terms = await inBatches(N, 250, (i) => open(port, i, rtt));
  if (mode === 'cityfleet') await inBatches(N, 500, (i) => login(terms[i]));
  const connectS = (nowMs() - tc) / 1000;
  rtt.length = 0;
  const sentAt = new Map<string, number>();
  child.send('start');
  const cpuClient0 = process.cpuUsage();
  const t0 = nowMs() + 200;
  let sent = 0;
  // each terminal reports at t0 + offset + k * PERIOD, offsets spread evenly over the period
  const nextAt = terms.map((_, i) => t0 + (i * PERIOD_MS) / N);
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = nowMs();
      if (now > t0 + DURATION_MS) {
        clearInterval(timer);
        return resolve();
      }
      for (let i = 0; i < N; i++) {
        if (nextAt[i] > now) continue;
        // the fix time is the scheduled time: one-second BCD times stay unique per terminal even
        // when a stalled generator sends two reports of a terminal back to back
        const fixT = nextAt[i];
        nextAt[i] += PERIOD_MS;
        const t = terms[i];
        const sendT = nowMs();
        const serial = send(t, 0x0200, locationBody(i, fixT));
        t.pending.set(serial, sendT);
        sentAt.set(`${vehicleOf(i)}|${Math.floor(fixT / 1000) * 1000}`, sendT);
        sent++;
      }
    }, 5);
  });
  await new Promise((r) => setTimeout(r, 1500));
  child.send('stop');
  const res = (await next()) as Exclude<FromServer, { port: number }>;
  const clientCpu = process.cpuUsage(cpuClient0);
  const live: number[] = [];
  for (const [k, t] of res.live) {
    const s = sentAt.get(k);
    if (s !== undefined) live.push(t - s);
  }
  for (const t of terms) t.socket.destroy();
  child.kill();
  rtt.sort((a, b) => a - b);
  live.sort((a, b) => a - b);
  return {
    mode, terminals: N, connectS, sent, replies: rtt.length, live: live.length,
    reportsPerS: sent / (DURATION_MS / 1000),
    serverCpuPct: (100 * res.cpuMs) / res.wallMs,
    clientCpuPct: (100 * (clientCpu.user + clientCpu.system) / 1000) / (nowMs() - t0),
    rttP50: pct(rtt, 50), rttP99: pct(rtt, 99), liveP50: pct(live, 50), liveP99: pct(live, 99), liveMax: live.at(-1) ?? NaN,
    loopP99: res.loopP99Ms, loopMax: res.loopMaxMs, load: os.loadavg()[0],
    stats: res.stats,
  };
}

async function main() {
  console.log(`JT/T 808 load: ${N} terminals, one report per ${PERIOD_MS / 1000} s each, ${DURATION_MS / 1000} s per mode; ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}, node ${process.version}`);
  const rows = [];
  for (const mode of ['baseline', 'cityfleet'] as const) rows.push(await run(mode));
  const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
  console.log('\n| mode | terminals | connect+login s | reports/s | replies | server CPU % (1 core) | reply p50 ms | reply p99 ms | live p50 ms | live p99 ms | live max ms | server loop delay p99/max ms | load avg |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.mode} | ${r.terminals} | ${f(r.connectS)} | ${f(r.reportsPerS)} | ${r.replies}/${r.sent} | ${f(r.serverCpuPct)} | ${f(r.rttP50, 2)} | ${f(r.rttP99, 2)} | ${r.mode === 'baseline' ? 'n/a' : f(r.liveP50, 2)} | ${r.mode === 'baseline' ? 'n/a' : f(r.liveP99, 2)} | ${r.mode === 'baseline' ? 'n/a' : f(r.liveMax, 2)} | ${f(r.loopP99)}/${f(r.loopMax)} | ${f(r.load)} |`);
  }
  const [b, c] = rows;
  console.log(`\nratios cityfleet/baseline: server CPU x${f(c.serverCpuPct / b.serverCpuPct, 2)}, reply p99 x${f(c.rttP99 / b.rttP99, 2)}; fixes in live state ${c.live}/${c.sent}; load generator CPU ${f(c.clientCpuPct)}%`);
  console.log('server stats:', JSON.stringify(c.stats));
}

const role = process.argv[2];
if (role === 'cityfleet' || role === 'baseline') await serve(role);
else await main();
