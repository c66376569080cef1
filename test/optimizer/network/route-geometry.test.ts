import { describe, expect, it } from 'vitest';
import { shortestPath } from '../../../optimizer/network/astar.js';
import { routeGeometry } from '../../../optimizer/network/geometry.js';
import { buildGraph } from '../../../optimizer/network/graph.js';
import { planRoute } from '../../../optimizer/network/plan-route.js';
import { decodePolyline, encodePolyline } from '../../../optimizer/network/polyline.js';
import { createRng } from '../../../optimizer/util/rng.js';
import { parseAsciiMap } from './ascii-map.js';

const MAP = `
  A---B---C
  |       v
  D---E<--F
`;

describe('routeGeometry', () => {
  const { net, id } = parseAsciiMap(MAP);
  const g = buildGraph(net);
  // give B-C a bend so reversal is visible
  const bc = net.segments.find((s) => s.from === id.B && s.to === id.C)!;
  const [b, c] = bc.geometry;
  const bend: [number, number] = [b[0] + 1e-4, (b[1] + c[1]) / 2];
  bc.geometry = [b, bend, c];

  it('follows geometry in travel direction with joints listed once', () => {
    const p = shortestPath(g, id.A, id.E)!;
    const pts = routeGeometry(net, g, p.arcs);
    const node = (k: string): [number, number] => [net.nodes[id[k]].lat, net.nodes[id[k]].lon];
    expect(p.nodes).toEqual([id.A, id.D, id.E]);
    expect(pts).toEqual([node('A'), node('D'), node('E')]);
  });

  it('reverses the geometry of arcs driven backward', () => {
    const p = shortestPath(g, id.C, id.A)!;
    expect(p.nodes).toEqual([id.C, id.B, id.A]);
    const pts = routeGeometry(net, g, p.arcs);
    expect(pts).toEqual([c, bend, b, [net.nodes[id.A].lat, net.nodes[id.A].lon]]);
    for (let i = 1; i < pts.length; i++) expect(pts[i]).not.toEqual(pts[i - 1]);
  });
});

describe('planRoute', () => {
  const { net, id } = parseAsciiMap(MAP);
  const g = buildGraph(net);

  it('joins fastest legs in the given order', () => {
    const r = planRoute(net, g, [id.A, id.C, id.E, id.A]);
    expect(r.legs).toHaveLength(3);
    expect(r.unreachableLegs).toEqual([]);
    const legSum = r.legs.reduce((s, l) => s + l.timeS, 0);
    expect(r.timeS).toBeCloseTo(legSum, 9);
    expect(r.legs[1].timeS).toBeCloseTo(shortestPath(g, id.C, id.E)!.timeS, 9);
    expect(r.segmentIds).toEqual(r.arcs.map((a) => g.segment[a]));
    // C->E must use the one-way C->F->E
    const cf = net.segments.find((s) => s.from === id.C && s.to === id.F)!;
    expect(r.segmentIds).toContain(cf.id);
    expect(r.points[0]).toEqual([net.nodes[id.A].lat, net.nodes[id.A].lon]);
    expect(r.points.at(-1)).toEqual([net.nodes[id.A].lat, net.nodes[id.A].lon]);
  });

  it('reports unreachable legs instead of failing, and handles one stop', () => {
    const { net: n2, id: i2 } = parseAsciiMap(`
      A-->B   C
    `);
    const g2 = buildGraph(n2);
    const r = planRoute(n2, g2, [i2.A, i2.B, i2.A]);
    expect(r.unreachableLegs).toEqual([1]);
    expect(r.legs[0].timeS).toBeGreaterThan(0);
    expect(r.timeS).toBe(Infinity);
    const one = planRoute(n2, g2, [i2.C]);
    expect(one).toMatchObject({ arcs: [], legs: [], timeS: 0, distM: 0 });
    expect(one.points).toHaveLength(1);
  });
});

describe('polyline', () => {
  it('round-trips within 1e-5 degrees', () => {
    const rng = createRng(3);
    const pts = Array.from({ length: 200 }, () => [rng.range(18, 45), rng.range(73, 135)] as [number, number]);
    const back = decodePolyline(encodePolyline(pts));
    expect(back).toHaveLength(pts.length);
    back.forEach((p, i) => {
      expect(Math.abs(p[0] - pts[i][0])).toBeLessThanOrEqual(0.5e-5 + 1e-12);
      expect(Math.abs(p[1] - pts[i][1])).toBeLessThanOrEqual(0.5e-5 + 1e-12);
    });
  });

  it('matches the reference example of the format', () => {
    const s = encodePolyline([
      [38.5, -120.2],
      [40.7, -120.95],
      [43.252, -126.453],
    ]);
    expect(s).toBe('_p~iF~ps|U_ulLnnqC_mqNvxq`@');
    expect(encodePolyline([])).toBe('');
    expect(decodePolyline('')).toEqual([]);
  });
});
