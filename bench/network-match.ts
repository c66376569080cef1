import { buildGraph, createSnapper, createTrackMatcher, planRoute } from '../optimizer/network/index.js';
import { metresPerDegree } from '../optimizer/util/geo.js';
import { createRng } from '../optimizer/util/rng.js';
import type { RoadNetwork } from '../optimizer/network/index.js';

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
