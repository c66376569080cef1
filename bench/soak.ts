/**
 * Soak: VEHICLES vehicles at 1 Hz and CONSOLES console sockets for DURATION s against one server
 * process (bench/ingest-server.ts). Reports the server's RSS over time (least-squares slope, MB per
 * minute, over the second half so start-up growth is left out), fix-to-console latency p50/p99/max
 * measured on every console, and count in (accepted) against count stored (GET /api/v1/archive once
 * the archive queue is empty).
 * Baseline in the same run: the same load for BASELINE_S s against a bare express endpoint (its RSS
 * slope is the floor of what Node, express and JSON parsing alone do under this load).
 * Run: npx tsx bench/soak.ts   (env BENCH_VEHICLES=5000 CONSOLES=20 DURATION=600 BASELINE_S=60 MODE=embedded|redis+mongodb,
 * BENCH_REDIS_URL, BENCH_MONGO_URL; TRACK_ARCHIVE_DIR=<empty folder> keeps the embedded archive in files)
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { io, type Socket } from 'socket.io-client';
import type { Fix } from '../contracts/domain.js';
import { launchIngestServer, type ServerMode } from './launch.js';

const VEHICLES = Number(process.env.BENCH_VEHICLES ?? 5000);
const CONSOLES = Number(process.env.CONSOLES ?? 20);
const DURATION = Number(process.env.DURATION ?? 600);
const BASELINE_S = Number(process.env.BASELINE_S ?? 60);
const MODE = process.env.MODE ?? 'embedded';
if (MODE !== 'embedded' && MODE !== 'redis+mongodb') throw new Error(`MODE must be embedded or redis+mongodb, got ${MODE}`);
const SLICES = 10;

const launch = (mode: string) => launchIngestServer(mode as ServerMode, VEHICLES, 'soak');

/** Resident set size of a process, MB (Linux). */
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den > 0 ? num / den : NaN;
}

const pct = (xs: Float64Array, p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);

async function run(mode: string, seconds: number) {
  const { url, child, deviceAuth, consoleAuth } = await launch(mode);
  const real = mode !== 'baseline';
  // latency samples: every console sees every fix; keep a bounded reservoir per console
  const samples: number[] = [];
  let seenByConsoles = 0;
  const sockets: Socket[] = [];
  if (real) {
    for (let c = 0; c < CONSOLES; c++) {
      const s = io(`${url}/console`, { transports: ['websocket'], forceNew: true, auth: consoleAuth });
      s.on('positions', (batch: Fix[]) => {
        const now = Date.now();
        seenByConsoles += batch.length;
        // one sample in 50 keeps memory bounded over 10 minutes (5,000 x 600 x 20 deliveries)
        for (let i = c % 50; i < batch.length; i += 50) samples.push(now - batch[i].ts);
      });
      sockets.push(s);
      await new Promise((r) => s.once('snapshot', r));
    }
  }
  const last = new Float64Array(VEHICLES);
  const per = Math.ceil(VEHICLES / SLICES);
  const rss: { t: number; mb: number }[] = [];
  let accepted = 0;
  let sent = 0;
  let failed = 0;
  const t0 = Date.now();
  const rssTimer = setInterval(() => rss.push({ t: (Date.now() - t0) / 1000, mb: rssMb(child.pid!) }), 5000);
  for (let tick = 0; tick < seconds * SLICES; tick++) {
    const from = (tick % SLICES) * per;
    const batch: Fix[] = [];
    for (let i = from; i < Math.min(VEHICLES, from + per); i++) {
      const ts = Math.max(Date.now(), last[i] + 1);
      last[i] = ts;
      batch.push({ vehicleId: `B-${String(i).padStart(5, '0')}`, lat: 22.72 + (i % 100) * 1e-4 + (tick % 7) * 1e-5, lon: 114.25 + Math.floor(i / 100) * 1e-4, ts, speedKmh: 20, heading: 90 });
    }
    sent += batch.length;
    try {
      const res = await fetch(`${url}/api/v1/positions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: deviceAuth }, body: JSON.stringify({ positions: batch }) });
      const body = (await res.json()) as { accepted?: number };
      if (res.status === 202) accepted += body.accepted ?? 0;
      else failed++;
    } catch {
      failed++;
    }
    const wait = t0 + ((tick + 1) * 1000) / SLICES - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  clearInterval(rssTimer);
  await new Promise((r) => setTimeout(r, 1000));
  for (const s of sockets) s.close();
  let stored = NaN;
  if (real) {
    const end = Date.now() + 600_000;
    for (;;) {
      const a = (await (await fetch(`${url}/api/v1/archive`, { headers: { authorization: `Bearer ${consoleAuth.token}` } })).json()) as { fixes: number; backlogEntries: number };
      stored = a.fixes;
      if (a.backlogEntries === 0 || Date.now() > end) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  child.kill('SIGTERM');
  const half = rss.filter((p) => p.t >= seconds / 2);
  const lat = Float64Array.from(samples).sort();
  return {
    mode,
    seconds,
    rssStart: rss[0]?.mb ?? NaN,
    rssEnd: rss[rss.length - 1]?.mb ?? NaN,
    rssMax: Math.max(...rss.map((p) => p.mb)),
    slopeMbPerMin: slope(half.map((p) => p.t), half.map((p) => p.mb)) * 60,
    sent,
    accepted,
    failed,
    stored,
    consoleShare: real ? seenByConsoles / (accepted * CONSOLES) : NaN,
    p50: pct(lat, 50),
    p99: pct(lat, 99),
    max: lat[lat.length - 1],
  };
}

const rows = [await run('baseline', BASELINE_S), await run(MODE, DURATION)];
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '-');
console.log(`\nSoak: ${VEHICLES} vehicles at 1 Hz, ${CONSOLES} consoles; ${os.cpus().length} cores, ${os.cpus()[0]?.model}, node ${process.version}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}\n`);
console.log('| server | s | RSS start / end / max MB | RSS slope, 2nd half, MB/min | fixes sent | accepted | failed requests | stored in archive | share of fixes each console saw | fix->console ms p50 / p99 / max |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.mode} | ${r.seconds} | ${f1(r.rssStart)} / ${f1(r.rssEnd)} / ${f1(r.rssMax)} | ${r.slopeMbPerMin.toFixed(2)} | ${r.sent} | ${r.accepted} | ${r.failed} | ${Number.isFinite(r.stored) ? r.stored : '-'} | ${Number.isFinite(r.consoleShare) ? (100 * r.consoleShare).toFixed(2) + ' %' : '-'} | ${r.mode === 'baseline' ? '-' : `${r.p50} / ${r.p99} / ${r.max}`} |`);
}
const real = rows[1];
console.log(`\ncount in = count stored: ${real.accepted === real.stored ? 'yes' : `NO (${real.accepted} accepted, ${real.stored} stored)`}`);
if (MODE === 'embedded' && process.env.TRACK_ARCHIVE_DIR) {
  console.log(`track archive in files (TRACK_ARCHIVE_DIR=${process.env.TRACK_ARCHIVE_DIR}): nothing of it is in the process's memory`);
} else if (MODE === 'embedded') {
  // the embedded archive keeps every fix in this process by design (48 bytes a fix, server/adapters/memory/track-archive.ts)
  const archiveMbPerMin = (48 * (real.accepted / real.seconds) * 60) / 2 ** 20;
  console.log(`in-memory archive growth at this rate: ${archiveMbPerMin.toFixed(2)} MB/min; RSS slope beyond it: ${(real.slopeMbPerMin - archiveMbPerMin).toFixed(2)} MB/min`);
}
