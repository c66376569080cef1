import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importOsm } from '../../../fixtures/osm-import.js';
import {
  buildGraph,
  createSnapper,
  createTrackMatcher,
  decodePolyline,
  encodePolyline,
  planRoute,
  shortestPath,
  shortestPathTree,
  travelTimeMatrix,
} from '../../../optimizer/network/index.js';
import { metresPerDegree } from '../../../optimizer/util/geo.js';
import { createRng } from '../../../optimizer/util/rng.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = process.env.CITYFLEET_DATA_DIR ?? resolve(repo, '..', 'shared', 'data');
const file = join(dataDir, 'geo/guixi-jiangxi/mapofgx.osm');
const present = existsSync(file);
if (!present && process.env.CI) throw new Error(`real data missing in CI: ${file} (set CITYFLEET_DATA_DIR)`);
if (!present) console.warn(`skipping real-data network tests: ${file} not found (set CITYFLEET_DATA_DIR)`);

describe.skipIf(!present)('network on real OSM data (Guixi, Jiangxi)', () => {
  const net = present ? importOsm(readFileSync(file, 'utf8')).network : { nodes: [], segments: [], cells: [], bbox: [0, 0, 0, 0] as [number, number, number, number] };
  const g = buildGraph(net);
  const rng = createRng(2024);

  it('routes between every pair of a sample, matrix and A* agreeing', () => {
    expect(net.segments.length).toBeGreaterThan(300);
    const ids = Array.from({ length: 30 }, () => rng.int(g.nodeCount));
    const m = travelTimeMatrix(g, ids);
    for (let i = 0; i < ids.length; i++) {
      for (let j = 0; j < ids.length; j++) {
        const p = shortestPath(g, ids[i], ids[j]);
        // the importer keeps the largest strongly connected component: everything is reachable
        expect(p).not.toBeNull();
        expect(m.time[i * m.n + j]).toBeCloseTo(p!.timeS, 6);
      }
    }
    // a reverse tree is the transpose of forward searches
    const rev = shortestPathTree(g, ids[0], { reverse: true });
    for (let i = 0; i < ids.length; i++) expect(rev.timeS[ids[i]]).toBeCloseTo(m.time[i * m.n], 6);
  });

  it('snaps GPS-like points to the nearest road piece (vs brute force)', () => {
    const sn = createSnapper(net);
    const proj = sn.projection;
    const [minLat, minLon, maxLat, maxLon] = net.bbox;
    for (let k = 0; k < 200; k++) {
      const lat = rng.range(minLat, maxLat);
      const lon = rng.range(minLon, maxLon);
      const x = proj.x(lon);
      const y = proj.y(lat);
      let best = Infinity;
      for (const s of net.segments) {
        for (let i = 0; i + 1 < s.geometry.length; i++) {
          const ax = proj.x(s.geometry[i][1]);
          const ay = proj.y(s.geometry[i][0]);
          const dx = proj.x(s.geometry[i + 1][1]) - ax;
          const dy = proj.y(s.geometry[i + 1][0]) - ay;
          const l2 = dx * dx + dy * dy;
          const t = l2 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / l2)) : 0;
          best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
        }
      }
      const hit = sn.nearestSegment(lat, lon, 300);
      if (best > 300) expect(hit).toBeNull();
      else expect(hit!.distM).toBeCloseTo(best, 6);
    }
  });

  it('draws a multi-stop route whose polyline survives encoding', () => {
    const stops = Array.from({ length: 6 }, () => rng.int(g.nodeCount));
    const r = planRoute(net, g, stops);
    expect(r.unreachableLegs).toEqual([]);
    expect(r.points.length).toBeGreaterThan(stops.length);
    for (let i = 1; i < r.points.length; i++) expect(r.points[i]).not.toEqual(r.points[i - 1]);
    const back = decodePolyline(encodePolyline(r.points));
    back.forEach((p, i) => {
      expect(Math.abs(p[0] - r.points[i][0])).toBeLessThanOrEqual(1e-5);
      expect(Math.abs(p[1] - r.points[i][1])).toBeLessThanOrEqual(1e-5);
    });
  });

  it('map-matches a noisy drive back onto the roads driven', () => {
    const sn = createSnapper(net);
    const matcher = createTrackMatcher(net, g, sn);
    const noise = createRng(99);
    for (let trip = 0; trip < 3; trip++) {
      const r = planRoute(net, g, [rng.int(g.nodeCount), rng.int(g.nodeCount)]);
      const { mLat, mLon } = metresPerDegree(r.points[0][0]);
      // one fix per route vertex (OSM shape points are 10-50 m apart), 6 m GPS noise
      const track = r.points.map(([lat, lon]) => ({ lat: lat + (noise.normal() * 6) / mLat, lon: lon + (noise.normal() * 6) / mLon }));
      const m = matcher.match(track);
      const onRoute = new Set(r.segmentIds);
      const matched = m.points.filter((p) => p !== null);
      const right = matched.filter((p) => onRoute.has(p!.segmentId)).length;
      expect(matched.length).toBeGreaterThan(0.9 * track.length);
      expect(right / matched.length).toBeGreaterThan(0.9);
      const drivenM = m.pieces.filter((p) => onRoute.has(p.segmentId)).reduce((s, p) => s + Math.abs(p.to - p.from) * net.segments[p.segmentId].lengthM, 0);
      expect(drivenM / r.distM).toBeGreaterThan(0.9);
    }
  });
});
