import { describe, expect, it } from 'vitest';
import { shortestPath } from '../../../optimizer/network/astar.js';
import { shortestPathTree, treePathArcs } from '../../../optimizer/network/dijkstra.js';
import { buildGraph } from '../../../optimizer/network/graph.js';
import { travelTimeMatrix, travelTimeTable } from '../../../optimizer/network/matrix.js';
import { createRng } from '../../../optimizer/util/rng.js';
import { CELL_M, parseAsciiMap, randomNetwork } from './ascii-map.js';
import { floydWarshall, pathCost } from './reference.js';

// A one-way street A->B: going B to A must go round the block.
const ONE_WAY = `
  A-->B---C
  |   |   |
  D---E---F
  |   |   |
  G---H---I
`;

describe('shortestPath', () => {
  const { net, id } = parseAsciiMap(ONE_WAY);
  const g = buildGraph(net);

  it('drives straight along a one-way street in its direction', () => {
    const p = shortestPath(g, id.A, id.B)!;
    expect(p.nodes).toEqual([id.A, id.B]);
    expect(p.distM).toBeCloseTo(4 * CELL_M, 0);
  });

  it('goes round the block against a one-way street', () => {
    const p = shortestPath(g, id.B, id.A)!;
    expect(p.nodes).toEqual([id.B, id.E, id.D, id.A]);
    expect(p.segmentIds).toHaveLength(3);
    const cost = pathCost(net, p.segmentIds);
    expect(p.timeS).toBeCloseTo(cost.timeS, 9);
    expect(p.distM).toBeCloseTo(cost.distM, 9);
  });

  it('returns an empty path from a node to itself and null when unreachable', () => {
    expect(shortestPath(g, id.E, id.E)).toMatchObject({ nodes: [id.E], arcs: [], timeS: 0, distM: 0 });
    const { net: n2, id: i2 } = parseAsciiMap(`
      A-->B   C
    `);
    const g2 = buildGraph(n2);
    expect(shortestPath(g2, i2.B, i2.A)).toBeNull();
    expect(shortestPath(g2, i2.A, i2.C)).toBeNull();
    expect(() => shortestPath(g2, 0, 17)).toThrow(RangeError);
  });

  it('prefers a fast arterial detour over a short slow street', () => {
    // A..C straight is a local street (20 km/h); A-D=E=F-C uses an arterial (40 km/h)
    const { net: n3, id: i3 } = parseAsciiMap(`
      A---------------C
      |               |
      D===============F
    `);
    const p = shortestPath(buildGraph(n3), i3.A, i3.C)!;
    expect(p.nodes).toEqual([i3.A, i3.D, i3.F, i3.C]);
  });

  it('agrees with Floyd-Warshall on random graphs, dirty lengths included', () => {
    for (const seed of [1, 2, 3]) {
      const rnd = randomNetwork(seed, 60, 150, { dirty: seed === 3 });
      const rg = buildGraph(rnd);
      const fw = floydWarshall(rnd);
      const rng = createRng(seed * 101);
      for (let k = 0; k < 200; k++) {
        const u = rng.int(fw.n);
        const v = rng.int(fw.n);
        const want = fw.time[u * fw.n + v];
        const p = shortestPath(rg, u, v);
        if (want === Infinity) {
          expect(p).toBeNull();
          continue;
        }
        expect(p).not.toBeNull();
        expect(p!.timeS).toBeCloseTo(want, 6);
        // the path is real: consecutive, from u to v, and its cost is what it claims
        expect(p!.nodes[0]).toBe(u);
        expect(p!.nodes.at(-1)).toBe(v);
        p!.arcs.forEach((a, i) => expect([rg.tail[a], rg.head[a]]).toEqual([p!.nodes[i], p!.nodes[i + 1]]));
        expect(pathCost(rnd, p!.segmentIds).timeS).toBeCloseTo(p!.timeS, 6);
      }
    }
  });
});

describe('shortestPathTree', () => {
  const rnd = randomNetwork(11, 70, 180);
  const g = buildGraph(rnd);
  const fw = floydWarshall(rnd);

  it('labels every node with its fastest time from the source', () => {
    const tree = shortestPathTree(g, 5);
    for (let v = 0; v < fw.n; v++) {
      const want = fw.time[5 * fw.n + v];
      if (want === Infinity) expect(tree.timeS[v]).toBe(Infinity);
      else expect(tree.timeS[v]).toBeCloseTo(want, 6);
    }
    const v = [...tree.timeS.keys()].find((k) => tree.timeS[k] > 0 && tree.timeS[k] < Infinity)!;
    const arcs = treePathArcs(g, tree, v)!;
    expect(g.tail[arcs[0]]).toBe(5);
    expect(g.head[arcs.at(-1)!]).toBe(v);
    expect(arcs.reduce((t, a) => t + g.timeS[a], 0)).toBeCloseTo(tree.timeS[v], 6);
  });

  it('in reverse gives times TO the source', () => {
    const tree = shortestPathTree(g, 9, { reverse: true });
    for (let u = 0; u < fw.n; u++) {
      const want = fw.time[u * fw.n + 9];
      if (want === Infinity) expect(tree.timeS[u]).toBe(Infinity);
      else expect(tree.timeS[u]).toBeCloseTo(want, 6);
    }
    const u = [...tree.timeS.keys()].find((k) => tree.timeS[k] > 0 && tree.timeS[k] < Infinity)!;
    const arcs = treePathArcs(g, tree, u)!;
    expect(g.tail[arcs[0]]).toBe(u);
    expect(g.head[arcs.at(-1)!]).toBe(9);
  });

  it('stops at maxTimeS and once all targets are settled', () => {
    const full = shortestPathTree(g, 0);
    const finite = [...full.timeS].filter((t) => t < Infinity).sort((a, b) => a - b);
    const cap = finite[Math.floor(finite.length / 2)];
    const capped = shortestPathTree(g, 0, { maxTimeS: cap });
    for (let v = 0; v < g.nodeCount; v++) {
      if (full.timeS[v] <= cap) expect(capped.timeS[v]).toBeCloseTo(full.timeS[v], 9);
      else expect(capped.timeS[v]).toBe(Infinity);
    }
    const near = [...full.timeS.keys()].filter((v) => full.timeS[v] < Infinity).sort((a, b) => full.timeS[a] - full.timeS[b]);
    const targets = [near[3], near[5]];
    const early = shortestPathTree(g, 0, { targets });
    expect(early.timeS[targets[1]]).toBeCloseTo(full.timeS[targets[1]], 9);
    expect(early.settled).toBeLessThan(full.settled);
  });

  it('supports extra sources with a head start', () => {
    const tree = shortestPathTree(g, 0, { extraSources: [{ node: 1, timeS: 30, distM: 100 }] });
    for (let v = 0; v < fw.n; v++) {
      const want = Math.min(fw.time[v], 30 + fw.time[fw.n + v]);
      if (want === Infinity) expect(tree.timeS[v]).toBe(Infinity);
      else expect(tree.timeS[v]).toBeCloseTo(want, 6);
    }
  });
});

describe('travelTimeMatrix / travelTimeTable', () => {
  it('matches Floyd-Warshall, duplicates and unreachable pairs included', () => {
    const rnd = randomNetwork(21, 80, 170);
    const g = buildGraph(rnd);
    const fw = floydWarshall(rnd);
    const rng = createRng(5);
    const ids = Array.from({ length: 25 }, () => rng.int(fw.n));
    ids.push(ids[0]);
    const m = travelTimeMatrix(g, ids);
    expect(m.n).toBe(ids.length);
    let inf = 0;
    ids.forEach((u, i) =>
      ids.forEach((v, j) => {
        const want = fw.time[u * fw.n + v];
        const got = m.time[i * m.n + j];
        if (want === Infinity) {
          inf++;
          expect(got).toBe(Infinity);
          expect(m.dist[i * m.n + j]).toBe(Infinity);
        } else {
          expect(got).toBeCloseTo(want, 6);
          expect(m.dist[i * m.n + j]).toBeCloseTo(fw.dist[u * fw.n + v], 3);
        }
      }),
    );
    expect(inf).toBeGreaterThan(0);
  });

  it('gives the same table whether it searches forward (few rows) or backward (few columns)', () => {
    const rnd = randomNetwork(22, 60, 150);
    const g = buildGraph(rnd);
    const fw = floydWarshall(rnd);
    const a = [3, 7, 7];
    const b = [0, 1, 2, 5, 8, 13, 21, 34];
    for (const [src, dst] of [[a, b], [b, a]]) {
      const t = travelTimeTable(g, src, dst);
      expect([t.rows, t.cols]).toEqual([src.length, dst.length]);
      src.forEach((u, i) =>
        dst.forEach((v, j) => {
          const want = fw.time[u * fw.n + v];
          if (want === Infinity) expect(t.time[i * t.cols + j]).toBe(Infinity);
          else expect(t.time[i * t.cols + j]).toBeCloseTo(want, 6);
        }),
      );
    }
  });

  it('honours maxTimeS and handles empty inputs', () => {
    const { net, id } = parseAsciiMap(ONE_WAY);
    const g = buildGraph(net);
    const t = travelTimeTable(g, [id.A], [id.B, id.I], { maxTimeS: 20 });
    expect(t.time[0]).toBeCloseTo((4 * CELL_M) / (20 / 3.6), 1);
    expect(t.time[1]).toBe(Infinity);
    expect(travelTimeMatrix(g, []).time).toHaveLength(0);
    expect(() => travelTimeMatrix(g, [-1])).toThrow(RangeError);
  });
});
