import { describe, expect, it } from 'vitest';
import { createSpurFilter } from '../../../optimizer/network/match-spurs.js';
import type { DrivenPiece } from '../../../optimizer/network/match-steps.js';
import type { RoadNetwork } from '../../../optimizer/network/types.js';
import { parseAsciiMap } from './ascii-map.js';

describe('createSpurFilter', () => {
  // main street A-B-C; a 50 m side street B-D, and 100 m D-E beyond it
  const { net, id } = parseAsciiMap(`
    A-------B-------C
            |
            D---E
  `);
  const seg = (n: RoadNetwork, a: string, b: string): number =>
    n.segments.find((s) => (s.from === id[a] && s.to === id[b]) || (s.from === id[b] && s.to === id[a]))!.id;
  // a piece driven from node x towards node y, over fractions of the way
  const piece = (x: string, y: string, from = 0, to = 1, fix = 0): DrivenPiece => {
    const s = net.segments[seg(net, x, y)];
    const fwd = s.from === id[x];
    return { segmentId: s.id, from: fwd ? from : 1 - from, to: fwd ? to : 1 - to, fromFix: fix, toFix: fix + 1 };
  };
  const run = (pieces: DrivenPiece[], radiusM: number, maxM = 400): number[] => {
    const f = createSpurFilter(net, radiusM, maxM);
    const out: DrivenPiece[] = [];
    for (const p of pieces) f.push(p, out);
    f.release(out);
    return out.map((p) => p.segmentId);
  };

  it('drops a poke into a side street and straight back out', () => {
    const pieces = [piece('A', 'B'), piece('B', 'D'), piece('D', 'B'), piece('B', 'C')];
    expect(run(pieces, 60)).toEqual([seg(net, 'A', 'B'), seg(net, 'B', 'C')]);
  });

  it('drops one that reaches a few metres into the next street, and comes back in steps', () => {
    const pieces = [piece('A', 'B'), piece('B', 'D'), piece('D', 'E', 0, 0.1), piece('E', 'D', 0.9, 1), piece('D', 'B', 0, 0.4), piece('D', 'B', 0.4, 1), piece('B', 'C')];
    expect(run(pieces, 65)).toEqual([seg(net, 'A', 'B'), seg(net, 'B', 'C')]);
  });

  it('keeps a turn round that goes further than a spur, and a side street driven through', () => {
    expect(run([piece('A', 'B'), piece('B', 'D'), piece('D', 'B'), piece('B', 'C')], 40)).toEqual([
      seg(net, 'A', 'B'),
      seg(net, 'B', 'D'),
      seg(net, 'B', 'D'),
      seg(net, 'B', 'C'),
    ]);
    expect(run([piece('A', 'B'), piece('B', 'D'), piece('D', 'E')], 200)).toEqual([seg(net, 'A', 'B'), seg(net, 'B', 'D'), seg(net, 'D', 'E')]);
  });
});

describe('createSpurFilter round a box', () => {
  // B-C-E-D is a 50 m box, as OSM draws where two dual carriageways cross
  const { net, id } = parseAsciiMap(`
    A---B-C---F
        | |
        D-E
  `);
  const piece = (x: string, y: string): DrivenPiece => {
    const s = net.segments.find((q) => (q.from === id[x] && q.to === id[y]) || (q.from === id[y] && q.to === id[x]))!;
    const fwd = s.from === id[x];
    return { segmentId: s.id, from: fwd ? 0 : 1, to: fwd ? 1 : 0, fromFix: 0, toFix: 1 };
  };
  const run = (pieces: DrivenPiece[], radiusM: number): number[] => {
    const f = createSpurFilter(net, radiusM, 3 * radiusM);
    const out: DrivenPiece[] = [];
    for (const p of pieces) f.push(p, out);
    f.release(out);
    return out.map((p) => p.segmentId);
  };
  const path = ['AB', 'BD', 'DE', 'EC', 'CB', 'BC', 'CF'].map(([x, y]) => piece(x, y));

  it('drops a loop round the box back to the junction it left', () => {
    expect(run(path, 80)).toEqual(['AB', 'BC', 'CF'].map(([x, y]) => piece(x, y).segmentId));
  });

  it('keeps it when the box is bigger than the noise could explain', () => {
    expect(run(path, 40)).toEqual(path.map((p) => p.segmentId));
  });
});
