import { describe, expect, it } from 'vitest';
import { shortestPathTree } from '../../../optimizer/network/dijkstra.js';
import { buildGraph } from '../../../optimizer/network/graph.js';
import { arriveLabels, departLabels, segmentSlice } from '../../../optimizer/network/position.js';
import { routeBetweenPositions } from '../../../optimizer/network/position-route.js';
import { createRng } from '../../../optimizer/util/rng.js';
import type { RoadNetwork } from '../../../optimizer/network/types.js';
import { parseAsciiMap, randomNetwork } from './ascii-map.js';
import { floydWarshall } from './reference.js';

const MAP = `
  A-->B---C
  |   |   |
  D---E---F
`;

function seg(net: RoadNetwork, id: Record<string, number>, a: string, b: string): number {
  return net.segments.find((s) => s.from === id[a] && s.to === id[b])!.id;
}

describe('routeBetweenPositions', () => {
  const { net, id } = parseAsciiMap(MAP);
  const g = buildGraph(net);
  const ab = seg(net, id, 'A', 'B');
  const bc = seg(net, id, 'B', 'C');
  const t = (s: number): number => g.timeS[g.segmentFwdArc[s]];

  it('drives the rest of one segment and part of the next', () => {
    const r = routeBetweenPositions(net, g, { segmentId: ab, fraction: 0.5 }, { segmentId: bc, fraction: 0.25 })!;
    expect(r.timeS).toBeCloseTo(0.5 * t(ab) + 0.25 * t(bc), 9);
    expect(r.arcs).toEqual([]);
    expect(r.first).toMatchObject({ segmentId: ab, from: 0.5, to: 1 });
    expect(r.last).toMatchObject({ segmentId: bc, from: 0, to: 0.25 });
    expect(r.points[0]).toEqual(segmentSlice(net, ab, 0.5, 0.5)[0]);
    expect(r.points.at(-1)).toEqual(segmentSlice(net, bc, 0.25, 0.25)[0]);
    expect(r.points).toContainEqual([net.nodes[id.B].lat, net.nodes[id.B].lon]);
  });

  it('goes round the block to reach a spot behind it on a one-way street', () => {
    const r = routeBetweenPositions(net, g, { segmentId: ab, fraction: 0.75 }, { segmentId: ab, fraction: 0.25 })!;
    // B, E, D, A then a quarter of A->B again
    expect(r.segmentIds).toHaveLength(3);
    expect(r.last).toMatchObject({ segmentId: ab, from: 0, to: 0.25 });
    expect(r.timeS).toBeGreaterThan(t(ab));
  });

  it('backs along a two-way street directly, unless the vehicle is heading the other way', () => {
    const back = routeBetweenPositions(net, g, { segmentId: bc, fraction: 0.75 }, { segmentId: bc, fraction: 0.25 })!;
    expect(back.timeS).toBeCloseTo(0.5 * t(bc), 9);
    expect(back.arcs).toEqual([]);
    const heading = routeBetweenPositions(net, g, { segmentId: bc, fraction: 0.75, direction: 1 }, { segmentId: bc, fraction: 0.25 })!;
    // must carry on to C and come back (C->B is the quickest turn-round: back along the same street)
    expect(heading.timeS).toBeCloseTo(0.25 * t(bc) + 0.75 * t(bc), 9);
    expect(heading.first).toMatchObject({ from: 0.75, to: 1 });
  });

  it('seeds a one-to-many tree from a vehicle mid-block', () => {
    const from = { segmentId: bc, fraction: 0.5 };
    const tree = shortestPathTree(g, -1, { extraSources: departLabels(g, from) });
    // from the middle of B-C: half the street to B or to C, then on
    expect(tree.timeS[id.B]).toBeCloseTo(0.5 * t(bc), 9);
    expect(tree.timeS[id.C]).toBeCloseTo(0.5 * t(bc), 9);
    expect(tree.timeS[id.A]).toBeGreaterThan(tree.timeS[id.B]);
    const ef = seg(net, id, 'E', 'F');
    const r = routeBetweenPositions(net, g, from, { segmentId: ef, fraction: 0.5 })!;
    const viaE = tree.timeS[id.E] + 0.5 * t(ef);
    const viaF = tree.timeS[id.F] + 0.5 * t(ef);
    expect(r.timeS).toBeCloseTo(Math.min(viaE, viaF), 9);
  });

  it('returns null when the target cannot be reached', () => {
    const { net: n2, id: i2 } = parseAsciiMap(`
      A-->B   C---D
    `);
    const g2 = buildGraph(n2);
    expect(routeBetweenPositions(n2, g2, { segmentId: 0, fraction: 0.5 }, { segmentId: 1, fraction: 0.5 })).toBeNull();
    expect(routeBetweenPositions(n2, g2, { segmentId: seg(n2, i2, 'A', 'B'), fraction: 0.8 }, { segmentId: 0, fraction: 0.2 })).toBeNull();
    expect(() => departLabels(g2, { segmentId: 9, fraction: 0 })).toThrow(RangeError);
  });

  it('agrees with a Floyd-Warshall brute force on random networks', () => {
    const rnd = randomNetwork(41, 50, 120);
    const rg = buildGraph(rnd);
    const fw = floydWarshall(rnd);
    const rng = createRng(9);
    let reached = 0;
    for (let k = 0; k < 150; k++) {
      const from = { segmentId: rng.int(rnd.segments.length), fraction: rng.next() };
      const to = k % 10 === 0 ? { segmentId: from.segmentId, fraction: rng.next() } : { segmentId: rng.int(rnd.segments.length), fraction: rng.next() };
      let want = Infinity;
      for (const d of departLabels(rg, from)) {
        for (const a of arriveLabels(rg, to)) want = Math.min(want, d.timeS + fw.time[d.node * fw.n + a.node] + a.timeS);
      }
      if (from.segmentId === to.segmentId) {
        const fwd = to.fraction >= from.fraction;
        const arc = fwd ? rg.segmentFwdArc[from.segmentId] : rg.segmentBwdArc[from.segmentId];
        if (arc >= 0) want = Math.min(want, Math.abs(to.fraction - from.fraction) * rg.timeS[arc]);
      }
      const r = routeBetweenPositions(rnd, rg, from, to);
      if (want === Infinity) {
        expect(r).toBeNull();
        continue;
      }
      reached++;
      expect(r!.timeS).toBeCloseTo(want, 6);
      // the claimed time is the sum of what is driven
      const pieceT = (p: { arc: number; from: number; to: number } | null): number => (p ? Math.abs(p.to - p.from) * rg.timeS[p.arc] : 0);
      const sum = pieceT(r!.first) + r!.arcs.reduce((s, a) => s + rg.timeS[a], 0) + pieceT(r!.last);
      expect(sum).toBeCloseTo(r!.timeS, 6);
      // and it is connected: first piece -> arcs -> last piece
      const chain: number[] = [];
      if (r!.first) chain.push(rg.tail[r!.first.arc], rg.head[r!.first.arc]);
      for (const a of r!.arcs) chain.push(rg.tail[a], rg.head[a]);
      if (r!.last) chain.push(rg.tail[r!.last.arc], rg.head[r!.last.arc]);
      for (let i = 1; i + 1 < chain.length; i += 2) expect(chain[i]).toBe(chain[i + 1]);
      if (r!.first) expect(r!.first.from).toBeCloseTo(from.fraction, 12);
      if (r!.last) expect(r!.last.to).toBeCloseTo(to.fraction, 12);
    }
    expect(reached).toBeGreaterThan(50);
  });
});
