/**
 * Map-matching benchmarks. As a library (bench/network.ts): fixes at every route vertex. Run alone
 * for accuracy against ground-truth drives sampled every 1-30 s:
 *
 *   npx tsx bench/network-match.ts [--trips 150] [--no-heading] [--town demo|longgang] [--every 5,30] [--seed 29] [--ends junctions,mid-block]
 *
 * "segments right" scores against the whole drive, as before; "tracked" against the segments
 * driven between the first and the last fix: the drive goes on for up to one interval after its
 * last fix (330 m at 30 s), and no matcher can see that part. "errors at the ends / between"
 * splits the first score's misses and extras into those at a drive's first or last matched segment
 * and the rest. "without times": the same fixes less their times (no distance by speeds, no
 * dead reckoning at the ends). Drives vary their speed, stand at some junctions and report speed
 * with noise (sampleDrive); "drive ends" says whether they run from junction to junction or start
 * and stop mid-block. Fixes/s: the median of three timed passes after an untimed one;
 * nearest-segment snapping of the same fixes in the same run is the yardstick for how busy the
 * machine was.
 */
import { pathToFileURL } from 'node:url';
import { arcPoints, buildGraph, createSnapper, createTrackMatcher, planRoute, SPEED_KMH } from '../optimizer/network/index.js';
import { bearingDeg, haversineM, metresPerDegree } from '../optimizer/util/geo.js';
import { createRng } from '../optimizer/util/rng.js';
import { polylineLengthM } from '../fixtures/network-build.js';
import type { RoadGraph, RoadNetwork, TrackPoint } from '../optimizer/network/index.js';

export interface MatchRow {
  case: string;
  fixes: number;
  hmmRight: number;
  nearestRight: number;
  coveredShare: number;
  hmmUsPerFix: number;
  nearestUsPerFix: number;
}

/**
 * Drive random routes, sample a fix at every route vertex with Gaussian GPS noise, and compare the
 * HMM matcher with plain nearest-segment snapping: share of fixes put on a road actually driven,
 * and share of the driven length the matcher's pieces recover.
 */
export function benchMatching(label: string, net: RoadNetwork, sigmaM: number, trips: number, cpuMs: <T>(fn: () => T) => { ms: number; value: T }): MatchRow {
  const g = buildGraph(net);
  const sn = createSnapper(net);
  const matcher = createTrackMatcher(net, g, sn);
  const rng = createRng(17);
  let fixes = 0;
  let hmmRight = 0;
  let nearRight = 0;
  let hmmMs = 0;
  let nearMs = 0;
  let covered = 0;
  let total = 0;
  for (let t = 0; t < trips; t++) {
    const r = planRoute(net, g, [rng.int(g.nodeCount), rng.int(g.nodeCount)]);
    if (r.points.length < 2) continue;
    const { mLat, mLon } = metresPerDegree(r.points[0][0]);
    const track = r.points.map(([lat, lon]) => ({ lat: lat + (rng.normal() * sigmaM) / mLat, lon: lon + (rng.normal() * sigmaM) / mLon }));
    const onRoute = new Set(r.segmentIds);
    const hmm = cpuMs(() => matcher.match(track));
    const near = cpuMs(() => track.map((p) => sn.nearestSegment(p.lat, p.lon, 40)));
    hmmMs += hmm.ms;
    nearMs += near.ms;
    fixes += track.length;
    hmmRight += hmm.value.points.filter((p) => p && onRoute.has(p.segmentId)).length;
    nearRight += near.value.filter((p) => p && onRoute.has(p.segmentId)).length;
    // union of driven intervals per route segment, so driving a bit twice does not count twice
    const spans = new Map<number, [number, number][]>();
    for (const p of hmm.value.pieces) {
      if (!onRoute.has(p.segmentId)) continue;
      const list = spans.get(p.segmentId) ?? [];
      list.push([Math.min(p.from, p.to), Math.max(p.from, p.to)]);
      spans.set(p.segmentId, list);
    }
    for (const [seg, list] of spans) covered += unionLength(list) * net.segments[seg].lengthM;
    total += r.distM;
  }
  return {
    case: `${label}, GPS sigma ${sigmaM} m`,
    fixes,
    hmmRight: hmmRight / fixes,
    nearestRight: nearRight / fixes,
    coveredShare: covered / total,
    hmmUsPerFix: (hmmMs * 1000) / fixes,
    nearestUsPerFix: (nearMs * 1000) / fixes,
  };
}

/**
 * Errors at a drive's ends: driven segments before the first or after the last one matched, and
 * extra segments that are the first or the last one matched (a noisy first fix lies before the
 * junction the drive starts at, the last fix just past the one it ends at).
 */
function endErrors(seq: readonly number[], truth: Set<number>, matchedSeq: readonly number[]): number {
  const ok = matchedSeq.filter((s) => truth.has(s));
  if (ok.length === 0) return 0;
  const lo = seq.indexOf(ok[0]);
  const hi = seq.lastIndexOf(ok[ok.length - 1]);
  const matched = new Set(matchedSeq);
  let n = 0;
  for (const s of new Set(seq.filter((_, k) => k < lo || k > hi))) if (!matched.has(s)) n++;
  const ends = new Set([matchedSeq[0], matchedSeq[matchedSeq.length - 1]]);
  for (const s of ends) if (!truth.has(s)) n++;
  return n;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function unionLength(spans: [number, number][]): number {
  spans.sort((a, b) => a[0] - b[0]);
  let sum = 0;
  let [lo, hi] = spans[0];
  for (const [a, b] of spans.slice(1)) {
    if (a > hi) {
      sum += hi - lo;
      [lo, hi] = [a, b];
    } else hi = Math.max(hi, b);
  }
  return sum + hi - lo;
}

/** Print the matching rows as a markdown table. */
export function printMatchTable(rows: MatchRow[]): void {
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  console.log('\n| map matching | fixes | on driven road: HMM | nearest snap | driven length recovered | HMM us/fix | nearest us/fix |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.case} | ${r.fixes} | ${pct(r.hmmRight)} | ${pct(r.nearestRight)} | ${pct(r.coveredShare)} | ${r.hmmUsPerFix.toFixed(0)} | ${r.nearestUsPerFix.toFixed(1)} |`);
  }
}

export interface IntervalRow {
  town: string;
  sigmaM: number;
  intervalS: number;
  trips: number;
  fixes: number;
  /** |matched ∩ driven| / |matched ∪ driven| segments, summed over trips */
  hmmRight: number;
  /** the same with the fixes' times left out: no distance by speeds, no dead reckoning at the ends (standing fixes are still left out: they need only the speed) */
  hmmRightUntimed: number;
  /** the same against the segments driven between the first and the last fix (what the fixes can show) */
  hmmTrackedRight: number;
  /** segments missed or extra, summed over trips (the old metric), and how many of them at a drive's first or last matched segment */
  errors: number;
  errorsAtEnds: number;
  /** the same by segment length: short junction links weigh little */
  hmmLengthRight: number;
  hmmRecall: number;
  hmmPrecision: number;
  nearestRight: number;
  /** nearest-segment snapping of every fix, the same machine in the same run: a yardstick for the load */
  nearestFixesPerCpuS: number;
  /** process CPU time (GC threads included) */
  hmmFixesPerCpuS: number;
  hmmFixesPerWallS: number;
}

/**
 * Ground-truth drives at road-class speed with a fix every `intervalS` seconds and Gaussian noise
 * of `sigmaM` per axis (and, given `headingSdDeg`, the course with that much noise); the segments the HMM matcher says were driven against the segments of the
 * drive. Baseline: the nearest segment of each fix.
 */
export function benchIntervals(town: string, net: RoadNetwork, sigmaM: number, intervalS: number, trips: number, headingSdDeg?: number, seed = 29, ends: DriveEnds = 'junctions'): IntervalRow {
  const g = buildGraph(net);
  const sn = createSnapper(net);
  const matcher = createTrackMatcher(net, g, sn);
  const rng = createRng(seed);
  // where in their first and last segment mid-block drives start and stop: a stream of its own,
  // so both kinds of rows plan the same first route
  const endsRng = createRng(seed + 1000);
  const paceRng = createRng(seed + 2000);
  const row: IntervalRow = { town, sigmaM, intervalS, trips: 0, fixes: 0, hmmRight: 0, hmmRightUntimed: 0, hmmTrackedRight: 0, hmmLengthRight: 0, hmmRecall: 0, hmmPrecision: 0, errors: 0, errorsAtEnds: 0, nearestRight: 0, nearestFixesPerCpuS: 0, hmmFixesPerCpuS: 0, hmmFixesPerWallS: 0 };
  const drives: { seq: number[]; truth: Set<number>; tracked: Set<number>; track: TrackPoint[] }[] = [];
  for (let tries = 0; drives.length < trips && tries < trips * 20; tries++) {
    const r = planRoute(net, g, [rng.int(g.nodeCount), rng.int(g.nodeCount)]);
    // drives of 1 to 8 km, long enough for several fixes even at 30 s
    if (!(r.distM >= 1000 && r.distM <= 8000)) continue;
    const onArc: number[] = [];
    const lenOfArc = (a: number): number => polylineLengthM(arcPoints(net, g, a));
    const trim = ends === 'mid-block' ? { startM: endsRng.next() * lenOfArc(r.arcs[0]), stopM: endsRng.next() * lenOfArc(r.arcs[r.arcs.length - 1]) } : undefined;
    const track = sampleDrive(net, g, r.arcs, { intervalS, sigmaM, rng, headingSdDeg, onArc, trim, pace: { rng: paceRng, speedSdKmh: SPEED_SD_KMH, stopShare: STOP_SHARE } });
    if (track.length < 2) continue;
    const tracked = new Set(r.segmentIds.slice(onArc[0], onArc[onArc.length - 1] + 1));
    drives.push({ seq: r.segmentIds, truth: new Set(r.segmentIds), tracked, track });
  }
  // all drives in one timed loop (per-call timer overhead would count against the matcher), after
  // an untimed pass over the same drives so the JIT has compiled the hot paths (process CPU time
  // counts the compiler threads too); the median of three loops, as the machine is shared
  const opts = { sigmaM: Math.max(4, sigmaM) };
  let matches = drives.map((d) => matcher.match(d.track, opts));
  const cpuMs: number[] = [];
  const wallMs: number[] = [];
  for (let k = 0; k < 3; k++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    matches = drives.map((d) => matcher.match(d.track, opts));
    wallMs.push(performance.now() - w0);
    const c = process.cpuUsage(c0);
    cpuMs.push((c.user + c.system) / 1000);
  }
  const nearMs: number[] = [];
  for (let k = 0; k < 3; k++) {
    const n0 = process.cpuUsage();
    for (const d of drives) for (const p of d.track) sn.nearestSegment(p.lat, p.lon, 60);
    const nc = process.cpuUsage(n0);
    nearMs.push((nc.user + nc.system) / 1000);
  }
  const untimed = drives.map((d) => matcher.match(d.track.map(({ timeS: _, ...p }) => p), opts));
  let untimedInter = 0, untimedUnion = 0;
  let trackedInter = 0, trackedUnion = 0;
  let inter = 0, union = 0, truthN = 0, matchedN = 0, nearInter = 0, nearUnion = 0, interM = 0, unionM = 0;
  const lenOf = (ids: Iterable<number>): number => [...ids].reduce((a, id) => a + net.segments[id].lengthM, 0);
  drives.forEach(({ seq, truth, tracked, track }, i) => {
    const pieces = matches[i].pieces.filter((p) => Math.abs(p.to - p.from) * net.segments[p.segmentId].lengthM >= 1);
    const matched = new Set(pieces.map((p) => p.segmentId));
    const matchedUntimed = new Set(untimed[i].pieces.filter((p) => Math.abs(p.to - p.from) * net.segments[p.segmentId].lengthM >= 1).map((p) => p.segmentId));
    const bothUntimed = [...matchedUntimed].filter((s) => truth.has(s)).length;
    untimedInter += bothUntimed;
    untimedUnion += truth.size + matchedUntimed.size - bothUntimed;
    row.errorsAtEnds += endErrors(seq, truth, pieces.map((p) => p.segmentId));
    const bothTracked = [...matched].filter((s) => tracked.has(s)).length;
    trackedInter += bothTracked;
    trackedUnion += tracked.size + matched.size - bothTracked;
    const near = new Set(track.flatMap((p) => sn.nearestSegment(p.lat, p.lon, 60)?.segmentId ?? []));
    const both = [...matched].filter((s) => truth.has(s)).length;
    inter += both;
    union += truth.size + matched.size - both;
    const bothM = lenOf([...matched].filter((s) => truth.has(s)));
    interM += bothM;
    unionM += lenOf(truth) + lenOf(matched) - bothM;
    truthN += truth.size;
    matchedN += matched.size;
    const nb = [...near].filter((s) => truth.has(s)).length;
    nearInter += nb;
    nearUnion += truth.size + near.size - nb;
    row.trips++;
    row.fixes += track.length;
  });
  row.errors = union - inter;
  row.hmmRight = inter / union;
  row.hmmTrackedRight = trackedInter / trackedUnion;
  row.hmmRightUntimed = untimedInter / untimedUnion;
  row.hmmLengthRight = interM / unionM;
  row.hmmRecall = inter / truthN;
  row.hmmPrecision = inter / matchedN;
  row.nearestRight = nearInter / nearUnion;
  row.hmmFixesPerCpuS = row.fixes / (median(cpuMs) / 1000);
  row.nearestFixesPerCpuS = row.fixes / (median(nearMs) / 1000);
  row.hmmFixesPerWallS = row.fixes / (median(wallMs) / 1000);
  return row;
}

/**
 * Where drives start and stop: `junctions` from one random node to another, the first fix on the
 * start node (how the bench always drove); `mid-block` the same routes but starting and stopping
 * at a uniformly random point of their first and last segment, as a vehicle leaves and reaches a
 * kerb. A noisy fix on a junction is as likely to lie on the road before it as after, and no fix
 * can tell which; real tracks rarely start or stop exactly there.
 */
export type DriveEnds = 'junctions' | 'mid-block';

export interface DriveSampling {
  intervalS: number;
  /** Gaussian position noise per axis, metres */
  sigmaM: number;
  rng: ReturnType<typeof createRng>;
  /** report the course with this much noise (degrees) and the speed */
  headingSdDeg?: number;
  /** gets the index into `arcs` of where the vehicle was at each fix */
  onArc?: number[];
  /** start `startM` into the first arc and stop `stopM` before the end of the last one */
  trim?: { startM: number; stopM: number };
  /**
   * Drivers do not hold the speed limit: with this, each arc is driven at 75-100 % of its class's
   * speed, the reported speed has Gaussian noise of `speedSdKmh` (Doppler speeds of phones and
   * terminals are good to a few tenths of a m/s), and at `stopShare` of the junctions the vehicle
   * stands 5-45 s first (a speed of 0 plus the noise, a course pointing anywhere), going from and to full speed at
   * once, which is the worst case for reading distance from speeds. Drawn from `rng`.
   */
  pace?: { rng: ReturnType<typeof createRng>; speedSdKmh: number; stopShare: number };
}

/**
 * Fixes every `intervalS` seconds along the arcs with noise, each with the time since the drive
 * started (and the course and speed when asked); driven at road-class speed unless `pace` varies it.
 */
export function sampleDrive(net: RoadNetwork, g: RoadGraph, arcs: readonly number[], opts: DriveSampling): TrackPoint[] {
  const { intervalS, sigmaM, rng, headingSdDeg, onArc, trim, pace } = opts;
  const out: TrackPoint[] = [];
  const { mLat, mLon } = metresPerDegree(net.nodes[g.tail[arcs[0]]].lat);
  const speeds = arcs.map((arc) => (SPEED_KMH[net.segments[g.segment[arc]].roadClass] / 3.6) * (pace ? 0.75 + 0.25 * pace.rng.next() : 1));
  // the first fix is where the drive starts: startM along the first arc at its speed
  let due = trim ? trim.startM / speeds[0] : 0; // seconds until the next fix
  const totalM = trim ? arcs.reduce((a, arc) => a + polylineLengthM(arcPoints(net, g, arc)), 0) : 0;
  const stopAtM = trim ? totalM - trim.stopM : Infinity;
  let doneM = 0; // metres before the current straight piece
  let doneS = 0; // seconds driven before it
  for (const [i, arc] of arcs.entries()) {
    const v = speeds[i];
    const pts = arcPoints(net, g, arc);
    // a red light or a give-way: standing at the junction, the receiver reporting no speed
    const waitS = pace && i > 0 && pace.rng.next() < pace.stopShare ? 5 + 40 * pace.rng.next() : 0;
    if (waitS > 0) {
      let t = due;
      for (; t <= waitS; t += intervalS) {
        out.push({ lat: pts[0][0] + (rng.normal() * sigmaM) / mLat, lon: pts[0][1] + (rng.normal() * sigmaM) / mLon, timeS: doneS + t, ...(headingSdDeg !== undefined ? { headingDeg: 360 * pace!.rng.next(), speedKmh: Math.abs(pace!.rng.normal() * pace!.speedSdKmh) } : {}) });
        onArc?.push(i);
      }
      due = t - waitS;
      doneS += waitS;
    }
    for (let k = 0; k + 1 < pts.length; k++) {
      const [la1, lo1] = pts[k];
      const [la2, lo2] = pts[k + 1];
      const len = haversineM(la1, lo1, la2, lo2);
      const dur = len / v;
      let t = due;
      for (; t <= dur; t += intervalS) {
        const f = dur > 0 ? t / dur : 0;
        if (doneM + f * len > stopAtM) return out;
        const p: TrackPoint = { lat: la1 + f * (la2 - la1) + (rng.normal() * sigmaM) / mLat, lon: lo1 + f * (lo2 - lo1) + (rng.normal() * sigmaM) / mLon, timeS: doneS + t };
        // receivers report course over ground, a few degrees off when moving
        if (headingSdDeg !== undefined) Object.assign(p, { headingDeg: (bearingDeg(la1, lo1, la2, lo2) + rng.normal() * headingSdDeg + 360) % 360, speedKmh: Math.max(0, v * 3.6 + (pace ? pace.rng.normal() * pace.speedSdKmh : 0)) });
        out.push(p);
        onArc?.push(i);
      }
      due = t - dur;
      doneM += len;
      doneS += dur;
    }
  }
  return out;
}

/** Map-matching accuracy and speed on the demo town and (when the shared data is there) Shenzhen Longgang. */
async function main(): Promise<void> {
  const arg = (name: string, def: string): string => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
  };
  const trips = Number(arg('trips', '150'));
  const seed = Number(arg('seed', '29'));
  // course over ground in every fix, 10 degrees of noise; --no-heading: positions only
  const headingSd = process.argv.includes('--no-heading') ? undefined : 10;
  const only = arg('town', '');
  const every = arg('every', '1,5,15,30').split(',').map(Number);
  // both by default: how the bench always drove, and drives that start and stop mid-block
  const endsArg = arg('ends', 'junctions,mid-block').split(',');
  const endsKinds = endsArg.filter((e): e is DriveEnds => e === 'junctions' || e === 'mid-block');
  if (endsKinds.length !== endsArg.length) throw new Error(`--ends takes junctions and/or mid-block, not ${endsArg.join(',')}`);
  const { loadTown, dataDir } = await import('../fixtures/load-town.js');
  const towns: [string, RoadNetwork][] = only === 'longgang' ? [] : [['demo town', loadTown({ seed: 1 }).network]];
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { loadavg } = await import('node:os');
  if (only !== 'demo') {
    if (existsSync(join(dataDir(), KNOWN_LONGGANG))) towns.push(['Shenzhen Longgang OSM', loadTown({ city: 'longgang', seed: 1 }).network]);
    else console.error(`Shenzhen Longgang not found under ${dataDir()}: demo town only`);
  }
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`Map matching, ${trips} random drives (1-8 km) per row at road-class speed, seed ${seed}, ${headingSd === undefined ? 'no heading' : `heading with ${headingSd} deg noise`}, ${new Date().toISOString()}, Node ${process.version}, load average ${load}`);
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  console.log('\n| network | drive ends | GPS sigma | fix every | fixes | segments right: HMM | without times | tracked | by length | HMM recall / precision | errors: at the ends / between | nearest snap (baseline) | HMM fixes/s: CPU time / wall | nearest snap fixes/s (CPU) |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, net] of towns) {
    for (const ends of endsKinds) for (const s of every) {
      const sigma = s === 1 ? 5 : 10;
      const r = benchIntervals(name, net, sigma, s, trips, headingSd, seed, ends);
      const k = (x: number): string => Math.round(x).toLocaleString('en');
      console.log(`| ${name} | ${ends} | ${sigma} m | ${s} s | ${r.fixes} | ${pct(r.hmmRight)} | ${pct(r.hmmRightUntimed)} | ${pct(r.hmmTrackedRight)} | ${pct(r.hmmLengthRight)} | ${pct(r.hmmRecall)} / ${pct(r.hmmPrecision)} | ${r.errorsAtEnds} / ${r.errors - r.errorsAtEnds} | ${pct(r.nearestRight)} | ${k(r.hmmFixesPerCpuS)} / ${k(r.hmmFixesPerWallS)} | ${k(r.nearestFixesPerCpuS)} |`);
    }
  }
}

/** Noise of reported speeds, km/h (0.5 m/s: a phone; survey receivers do ten times better) */
const SPEED_SD_KMH = 1.8;

/** Share of junctions where the vehicle stands a while (red lights, give-way, traffic) */
const STOP_SHARE = 0.2;

const KNOWN_LONGGANG = 'geo/shenzhen-longgang/map.osm';
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
