import { describe, expect, it } from 'vitest';
import { shortestPath } from '../../../optimizer/network/astar.js';
import { buildGraph, withTravelTimes } from '../../../optimizer/network/graph.js';
import { travelTimeMatrix } from '../../../optimizer/network/matrix.js';
import { parseAsciiMap } from './ascii-map.js';

const MAP = `
  A===B---C
  |   |   |
  D---E---F
`;

describe('travel-time options', () => {
  const { net, id } = parseAsciiMap(MAP);
  const base = buildGraph(net);

  it('takes class speeds from a profile (e.g. rush hour on arterials)', () => {
    const rush = buildGraph(net, { speedKmh: { arterial: 8 } });
    const ab = net.segments.find((s) => s.from === id.A && s.to === id.B)!;
    const a = rush.segmentFwdArc[ab.id];
    expect(rush.timeS[a]).toBeCloseTo(base.timeS[a] * 5, 9);
    const bc = net.segments.find((s) => s.from === id.B && s.to === id.C)!;
    expect(rush.timeS[rush.segmentFwdArc[bc.id]]).toBe(base.timeS[base.segmentFwdArc[bc.id]]);
    // slow arterial: A->B now goes round by D-E-B
    expect(shortestPath(rush, id.A, id.B)!.nodes).toEqual([id.A, id.D, id.E, id.B]);
    expect(() => buildGraph(net, { speedKmh: { local: 0 } })).toThrow(/local/);
  });

  it('closes segments with an infinite factor and routes around them', () => {
    const be = net.segments.find((s) => s.from === id.B && s.to === id.E)!;
    const closed = withTravelTimes(base, net, { timeFactor: (s) => (s.id === be.id ? Infinity : 1) });
    expect(closed.head).toBe(base.head); // topology shared, not copied
    const p = shortestPath(closed, id.B, id.E)!;
    expect(p.segmentIds).not.toContain(be.id);
    expect(p.timeS).toBeLessThan(Infinity);
    const m = travelTimeMatrix(closed, [id.B, id.E]);
    expect(m.time[1]).toBeCloseTo(p.timeS, 9);
    expect(() => withTravelTimes(base, net, { timeFactor: () => -1 })).toThrow(RangeError);
  });

  it('leaves a node unreachable when its only street is closed', () => {
    const { net: n2, id: i2 } = parseAsciiMap(`
      A---B---C
    `);
    const g = buildGraph(n2, { timeFactor: (s) => (s.to === i2.C || s.from === i2.C ? Infinity : 2) });
    expect(shortestPath(g, i2.A, i2.C)).toBeNull();
    const m = travelTimeMatrix(g, [i2.A, i2.B, i2.C]);
    expect(m.time[2]).toBe(Infinity);
    expect(m.time[1]).toBeCloseTo(2 * buildGraph(n2).timeS[0], 9);
  });

  it('matches a fresh build when reweighted', () => {
    const opts = { speedKmh: { local: 15 }, timeFactor: (s: { id: number }) => 1 + s.id / 10 };
    const a = buildGraph(net, opts);
    const b = withTravelTimes(base, net, opts);
    expect([...b.timeS]).toEqual([...a.timeS]);
    expect(b.secPerChordM).toBeCloseTo(a.secPerChordM, 12);
  });
});
