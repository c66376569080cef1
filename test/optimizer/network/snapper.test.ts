import { describe, expect, it } from 'vitest';
import { createSnapper } from '../../../optimizer/network/snapper.js';
import { segmentPoints } from '../../../optimizer/network/pieces.js';
import { haversineM } from '../../../optimizer/util/geo.js';
import { createRng } from '../../../optimizer/util/rng.js';
import type { Projection } from '../../../optimizer/network/projection.js';
import type { RoadNetwork } from '../../../optimizer/network/types.js';
import { parseAsciiMap, randomNetwork } from './ascii-map.js';

/** Brute force: planar distance from the point to every piece of every segment. */
function bruteSnap(net: RoadNetwork, proj: Projection, lat: number, lon: number): { segmentId: number; distM: number }[] {
  const x = proj.x(lon);
  const y = proj.y(lat);
  return net.segments.map((s) => {
    const pts = segmentPoints(net, s.id);
    let best = Infinity;
    for (let i = 0; i + 1 < pts.length; i++) {
      const ax = proj.x(pts[i][1]);
      const ay = proj.y(pts[i][0]);
      const bx = proj.x(pts[i + 1][1]);
      const by = proj.y(pts[i + 1][0]);
      const l2 = (bx - ax) ** 2 + (by - ay) ** 2;
      const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / l2));
      best = Math.min(best, Math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay)));
    }
    return { segmentId: s.id, distM: best };
  });
}

describe('createSnapper', () => {
  const net = randomNetwork(31, 400, 900, { sizeM: 3000 });
  const snapper = createSnapper(net);
  const proj = snapper.projection;
  const rng = createRng(77);
  // points inside the network and a margin around it, so rings outside the grid are exercised too
  const points = Array.from({ length: 300 }, () => ({
    lat: proj.lat(rng.range(-1800, 1800)),
    lon: proj.lon(rng.range(-1800, 1800)),
  }));

  it('finds the truly nearest segment (vs brute force)', () => {
    let found = 0;
    for (const p of points) {
      const all = bruteSnap(net, proj, p.lat, p.lon);
      const min = Math.min(...all.map((c) => c.distM));
      const hit = snapper.nearestSegment(p.lat, p.lon, 150);
      if (min > 150) {
        expect(hit).toBeNull();
        continue;
      }
      found++;
      expect(hit).not.toBeNull();
      expect(hit!.distM).toBeCloseTo(min, 6);
      expect(all[hit!.segmentId].distM).toBeCloseTo(min, 6);
      // the snapped point is where it says, at that distance on the ground
      expect(haversineM(p.lat, p.lon, hit!.lat, hit!.lon)).toBeCloseTo(hit!.distM, -1);
      expect(hit!.fraction).toBeGreaterThanOrEqual(0);
      expect(hit!.fraction).toBeLessThanOrEqual(1);
    }
    expect(found).toBeGreaterThan(150);
  });

  it('lists every segment within a radius, nearest first', () => {
    for (const p of points.slice(0, 60)) {
      const want = bruteSnap(net, proj, p.lat, p.lon)
        .filter((c) => c.distM <= 120)
        .map((c) => c.segmentId)
        .sort((a, b) => a - b);
      const got = snapper.segmentsWithin(p.lat, p.lon, 120);
      expect(got.map((c) => c.segmentId).sort((a, b) => a - b)).toEqual(want);
      for (let i = 1; i < got.length; i++) expect(got[i].distM).toBeGreaterThanOrEqual(got[i - 1].distM);
    }
  });

  it('finds the nearest node (vs brute force), even far outside the network', () => {
    const far = [...points, { lat: proj.lat(20000), lon: proj.lon(-15000) }];
    for (const p of far) {
      const v = snapper.nearestNode(p.lat, p.lon);
      const d = (u: number): number => Math.hypot(proj.x(p.lon) - proj.x(net.nodes[u].lon), proj.y(p.lat) - proj.y(net.nodes[u].lat));
      const used = new Set(net.segments.flatMap((s) => [s.from, s.to]));
      const best = Math.min(...[...used].map(d));
      expect(d(v)).toBeCloseTo(best, 9);
    }
  });

  it('measures the fraction from the segment start along bent geometry', () => {
    const { net: grid, id } = parseAsciiMap(`
      A-------B
    `);
    const s = grid.segments[0];
    const [a, b] = s.geometry;
    // bend the street: A -> corner -> B, the corner being 100 m north of the mid-point
    const corner: [number, number] = [a[0] + 100 / 111195, (a[1] + b[1]) / 2];
    s.geometry = [a, corner, b];
    const sn = createSnapper(grid);
    const onFirstHalf = sn.nearestSegment((a[0] + corner[0]) / 2, (a[1] + corner[1]) / 2, 50)!;
    expect(onFirstHalf.segmentId).toBe(0);
    expect(onFirstHalf.distM).toBeLessThan(1e-6);
    expect(onFirstHalf.fraction).toBeCloseTo(0.25, 3);
    // first half runs north-east-ish (towards the corner), second half south-east
    expect(onFirstHalf.bearingDeg).toBeGreaterThan(0);
    expect(onFirstHalf.bearingDeg).toBeLessThan(90);
    const nearB = sn.nearestSegment(b[0], b[1] + 1e-4, 50)!;
    expect(nearB.fraction).toBe(1);
    expect(nearB.bearingDeg).toBeGreaterThan(90);
    expect(nearB.bearingDeg).toBeLessThan(180);
    expect(sn.nearestNode(a[0], a[1] - 1e-4)).toBe(id.A);
  });

  it('copes with bad input and empty networks', () => {
    expect(snapper.nearestSegment(NaN, 114, 100)).toBeNull();
    expect(snapper.nearestNode(Infinity, 0)).toBe(-1);
    expect(snapper.segmentsWithin(22.7, 114.2, -5)).toEqual([]);
    // a node with no position must not poison the index for everything else
    const broken = structuredClone(net);
    broken.nodes[broken.segments[0].from].lat = NaN;
    broken.segments[0].geometry[0][0] = NaN;
    const bs = createSnapper(broken);
    const p = points.find((q) => snapper.nearestSegment(q.lat, q.lon, 150)?.segmentId !== 0)!;
    expect(bs.nearestSegment(p.lat, p.lon, 150)?.segmentId).toBe(snapper.nearestSegment(p.lat, p.lon, 150)?.segmentId);
    expect(bs.nearestNode(p.lat, p.lon)).toBeGreaterThanOrEqual(0);
    const empty = createSnapper({ nodes: [], segments: [], cells: [], bbox: [0, 0, 0, 0] });
    expect(empty.nearestSegment(22.7, 114.2)).toBeNull();
    expect(empty.nearestNode(22.7, 114.2)).toBe(-1);
  });

  it('can rule segments out with a filter', () => {
    const p = points[0];
    const any = snapper.nearestSegment(p.lat, p.lon, 5000)!;
    const other = snapper.nearestSegment(p.lat, p.lon, 5000, (s) => s !== any.segmentId)!;
    expect(other.segmentId).not.toBe(any.segmentId);
    expect(other.distM).toBeGreaterThanOrEqual(any.distM);
  });
});
