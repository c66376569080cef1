import { describe, expect, it } from 'vitest';
import { shortestPath } from '../../../optimizer/network/astar.js';
import { buildGraph, lowerBoundTimeS } from '../../../optimizer/network/graph.js';
import { SPEED_KMH } from '../../../optimizer/network/types.js';
import { floydWarshall } from './reference.js';
import { parseAsciiMap, randomNetwork } from './ascii-map.js';

describe('buildGraph', () => {
  const { net, id } = parseAsciiMap(`
    A-->B---C
    |   !   |
    D---E<--F
  `);
  const g = buildGraph(net);

  it('makes one arc per one-way segment and two per two-way segment', () => {
    expect(net.segments).toHaveLength(7);
    expect(g.nodeCount).toBe(6);
    expect(g.arcCount).toBe(2 * 7 - 2);
    const ab = net.segments.find((s) => s.from === id.A && s.to === id.B)!;
    expect(ab.oneway).toBe(true);
    expect(g.segmentBwdArc[ab.id]).toBe(-1);
    const fe = net.segments.find((s) => s.from === id.F && s.to === id.E)!;
    expect(fe.oneway).toBe(true);
  });

  it('lays arcs out in CSR order with a matching reverse view', () => {
    for (let v = 0; v < g.nodeCount; v++) {
      for (let a = g.firstOut[v]; a < g.firstOut[v + 1]; a++) expect(g.tail[a]).toBe(v);
      for (let i = g.firstIn[v]; i < g.firstIn[v + 1]; i++) expect(g.head[g.inArc[i]]).toBe(v);
    }
    expect(g.firstOut[g.nodeCount]).toBe(g.arcCount);
    expect([...g.inArc].sort((a, b) => a - b)).toEqual([...Array(g.arcCount).keys()]);
  });

  it('keeps segment and direction of each arc, with time = length / class speed', () => {
    for (let a = 0; a < g.arcCount; a++) {
      const s = net.segments[g.segment[a]];
      const [u, v] = g.forward[a] ? [s.from, s.to] : [s.to, s.from];
      expect([g.tail[a], g.head[a]]).toEqual([u, v]);
      expect(g.timeS[a]).toBeCloseTo(s.lengthM / (SPEED_KMH[s.roadClass] / 3.6), 9);
      expect(g.lenM[a]).toBe(s.lengthM);
      expect(g.forward[a] ? g.segmentFwdArc[s.id] : g.segmentBwdArc[s.id]).toBe(a);
    }
    const be = net.segments.find((s) => s.from === id.B && s.to === id.E)!;
    expect(be.roadClass).toBe('arterial');
  });

  it('measures the geometry when a segment has no usable length, and survives nodes without a position', () => {
    const odd = structuredClone(net);
    odd.segments[0].lengthM = NaN;
    const og = buildGraph(odd);
    expect(og.lenM[og.segmentFwdArc[0]]).toBeCloseTo(net.segments[0].lengthM, 6);
    odd.nodes[id.C].lat = NaN;
    const ng = buildGraph(odd);
    expect(ng.secPerChordM).toBe(0);
    expect(lowerBoundTimeS(ng, id.C, id.F)).toBe(0);
    expect(shortestPath(ng, id.A, id.F)!.timeS).toBeCloseTo(shortestPath(og, id.A, id.F)!.timeS, 9);
  });

  it('rejects segments that point at missing nodes', () => {
    const bad = structuredClone(net);
    bad.segments[0].to = 99;
    expect(() => buildGraph(bad)).toThrow(/node 99/);
  });

  it('has a lower bound that never exceeds the true fastest time, even on dirty lengths', () => {
    const rnd = randomNetwork(7, 40, 90, { dirty: true });
    const rg = buildGraph(rnd);
    const fw = floydWarshall(rnd);
    let checked = 0;
    for (let u = 0; u < fw.n; u++) {
      for (let v = 0; v < fw.n; v++) {
        const t = fw.time[u * fw.n + v];
        if (t === Infinity) continue;
        expect(lowerBoundTimeS(rg, u, v)).toBeLessThanOrEqual(t + 1e-9);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(200);
  });
});
