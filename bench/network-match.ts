/**
 * Map-matching benchmarks. As a library (bench/network.ts): fixes at every route vertex. Run alone
 * for accuracy against ground-truth drives sampled every 1-30 s:
 *
 *   npx tsx bench/network-match.ts [--trips 150] [--no-heading]
 */
import { pathToFileURL } from 'node:url';
import { arcPoints, buildGraph, createSnapper, createTrackMatcher, planRoute, SPEED_KMH } from '../optimizer/network/index.js';
import { bearingDeg, haversineM, metresPerDegree } from '../optimizer/util/geo.js';
import { createRng } from '../optimizer/util/rng.js';
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
  /** the same by segment length: short junction links weigh little */
  hmmLengthRight: number;
  hmmRecall: number;
  hmmPrecision: number;
  nearestRight: number;
  /** process CPU time (GC threads included) */
  hmmFixesPerCpuS: number;
  hmmFixesPerWallS: number;
}

/**
 * Ground-truth drives at road-class speed with a fix every `intervalS` seconds and Gaussian noise
 * of `sigmaM` per axis (and, given `headingSdDeg`, the course with that much noise); the segments the HMM matcher says were driven against the segments of the
 * drive. Baseline: the nearest segment of each fix.
 */
export function benchIntervals(town: string, net: RoadNetwork, sigmaM: number, intervalS: number, trips: number, headingSdDeg?: number, seed = 29): IntervalRow {
  const g = buildGraph(net);
  const sn = createSnapper(net);
  const matcher = createTrackMatcher(net, g, sn);
  const rng = createRng(seed);
  const row: IntervalRow = { town, sigmaM, intervalS, trips: 0, fixes: 0, hmmRight: 0, hmmLengthRight: 0, hmmRecall: 0, hmmPrecision: 0, nearestRight: 0, hmmFixesPerCpuS: 0, hmmFixesPerWallS: 0 };
  const drives: { truth: Set<number>; track: TrackPoint[] }[] = [];
  for (let tries = 0; drives.length < trips && tries < trips * 20; tries++) {
    const r = planRoute(net, g, [rng.int(g.nodeCount), rng.int(g.nodeCount)]);
    // drives of 1 to 8 km, long enough for several fixes even at 30 s
    if (!(r.distM >= 1000 && r.distM <= 8000)) continue;
    const track = sampleDrive(net, g, r.arcs, intervalS, sigmaM, rng, headingSdDeg);
    if (track.length >= 2) drives.push({ truth: new Set(r.segmentIds), track });
  }
  // all drives in one timed loop (per-call timer overhead would count against the matcher),
  // after a warm-up on the first few so the JIT has compiled the hot paths
  const opts = { sigmaM: Math.max(4, sigmaM) };
  for (const d of drives.slice(0, 10)) matcher.match(d.track, opts);
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const matches = drives.map((d) => matcher.match(d.track, opts));
  const wallMs = performance.now() - w0;
  const c = process.cpuUsage(c0);
  let inter = 0, union = 0, truthN = 0, matchedN = 0, nearInter = 0, nearUnion = 0, interM = 0, unionM = 0;
  const lenOf = (ids: Iterable<number>): number => [...ids].reduce((a, id) => a + net.segments[id].lengthM, 0);
  drives.forEach(({ truth, track }, i) => {
    const matched = new Set(matches[i].pieces.filter((p) => Math.abs(p.to - p.from) * net.segments[p.segmentId].lengthM >= 1).map((p) => p.segmentId));
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
  row.hmmRight = inter / union;
  row.hmmLengthRight = interM / unionM;
  row.hmmRecall = inter / truthN;
  row.hmmPrecision = inter / matchedN;
  row.nearestRight = nearInter / nearUnion;
  row.hmmFixesPerCpuS = row.fixes / ((c.user + c.system) / 1e6);
  row.hmmFixesPerWallS = row.fixes / (wallMs / 1000);
  return row;
}

/** Fixes every `intervalS` seconds along the arcs, driven at road-class speed, with noise. */
export function sampleDrive(net: RoadNetwork, g: RoadGraph, arcs: readonly number[], intervalS: number, sigmaM: number, rng: ReturnType<typeof createRng>, headingSdDeg?: number): TrackPoint[] {
  const out: TrackPoint[] = [];
  const { mLat, mLon } = metresPerDegree(net.nodes[g.tail[arcs[0]]].lat);
  let due = 0; // seconds until the next fix
  for (const arc of arcs) {
    const seg = net.segments[g.segment[arc]];
    const v = SPEED_KMH[seg.roadClass] / 3.6;
    const pts = arcPoints(net, g, arc);
    for (let k = 0; k + 1 < pts.length; k++) {
      const [la1, lo1] = pts[k];
      const [la2, lo2] = pts[k + 1];
      const len = haversineM(la1, lo1, la2, lo2);
      const dur = len / v;
      let t = due;
      for (; t <= dur; t += intervalS) {
        const f = dur > 0 ? t / dur : 0;
        const p: TrackPoint = { lat: la1 + f * (la2 - la1) + (rng.normal() * sigmaM) / mLat, lon: lo1 + f * (lo2 - lo1) + (rng.normal() * sigmaM) / mLon };
        // receivers report course over ground, a few degrees off when moving
        if (headingSdDeg !== undefined) Object.assign(p, { headingDeg: (bearingDeg(la1, lo1, la2, lo2) + rng.normal() * headingSdDeg + 360) % 360, speedKmh: v * 3.6 });
        out.push(p);
      }
      due = t - dur;
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
  // course over ground in every fix, 10 degrees of noise; --no-heading: positions only
  const headingSd = process.argv.includes('--no-heading') ? undefined : 10;
  const { loadTown, dataDir } = await import('../fixtures/load-town.js');
  const towns: [string, RoadNetwork][] = [['demo town', loadTown({ seed: 1 }).network]];
  const { existsSync } = await import('node:fs');
  const { join } = await import('node:path');
  if (existsSync(join(dataDir(), KNOWN_LONGGANG))) towns.push(['Shenzhen Longgang OSM', loadTown({ city: 'longgang', seed: 1 }).network]);
  else console.error(`Shenzhen Longgang not found under ${dataDir()}: demo town only`);
  console.log(`Map matching, ${trips} random drives (1-8 km) per row at road-class speed, seed 29, ${headingSd === undefined ? 'no heading' : `heading with ${headingSd} deg noise`}, ${new Date().toISOString()}, Node ${process.version}`);
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  console.log('\n| network | GPS sigma | fix every | fixes | segments right: HMM | by length | HMM recall / precision | nearest snap (baseline) | HMM fixes/s: CPU time / wall |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, net] of towns) {
    for (const [sigma, every] of [[5, 1], [10, 5], [10, 15], [10, 30]]) {
      const r = benchIntervals(name, net, sigma, every, trips, headingSd);
      console.log(`| ${name} | ${sigma} m | ${every} s | ${r.fixes} | ${pct(r.hmmRight)} | ${pct(r.hmmLengthRight)} | ${pct(r.hmmRecall)} / ${pct(r.hmmPrecision)} | ${pct(r.nearestRight)} | ${Math.round(r.hmmFixesPerCpuS).toLocaleString('en')} / ${Math.round(r.hmmFixesPerWallS).toLocaleString('en')} |`);
    }
  }
}

const KNOWN_LONGGANG = 'geo/shenzhen-longgang/map.osm';
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
