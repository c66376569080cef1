import { describe, expect, it } from 'vitest';
import { FORMATS, parseArgs } from '../../../optimizer/cli/solve.js';

// a square block, every side required, depot at vertex 1; capacity 2 forces two trips
const SQUARE = ` NOMBRE : square4
 VERTICES : 4
 ARISTAS_REQ : 4
 ARISTAS_NOREQ : 0
 VEHICULOS : 2
 CAPACIDAD : 2
 TIPO_COSTES_ARISTAS : EXPLICITOS
 COSTE_TOTAL_REQ : 10
 LISTA_ARISTAS_REQ :
 ( 1, 2)  coste 1 demanda 1
 ( 2, 3)  coste 4 demanda 1
 ( 3, 4)  coste 1 demanda 1
 ( 4, 1)  coste 4 demanda 1
 DEPOSITO :   1
`;

describe('solve --format carp', () => {
  it('accepts the format', () => {
    expect(parseArgs(['--format', 'carp', '--time-limit', '0.1', 'x.dat']).format).toBe('carp');
  });

  it('prints each required edge once as [u, v] in file numbering, and the cost of those routes', () => {
    const out = FORMATS.carp(SQUARE, { timeLimitS: 0.1, seed: 1 });
    expect(out.instance).toBe('square4');
    const key = ([u, v]: [number, number]): string => (u < v ? `${u}-${v}` : `${v}-${u}`);
    expect(out.routes.flat().map(key).sort()).toEqual(['1-2', '1-4', '2-3', '3-4']);
    // cost recomputed here: sides 1,4,1,4 round the square, deadheading along the shorter way
    const side: Record<string, number> = { '1-2': 1, '2-3': 4, '3-4': 1, '1-4': 4 };
    const around = [1, 2, 3, 4];
    const dist = (a: number, b: number): number => {
      const i = around.indexOf(a);
      const j = around.indexOf(b);
      let cw = 0;
      for (let k = i; k !== j; k = (k + 1) % 4) cw += side[key([around[k], around[(k + 1) % 4]])];
      return Math.min(cw, 10 - cw);
    };
    let cost = 0;
    for (const r of out.routes) {
      expect(r.length).toBeLessThanOrEqual(2); // capacity 2, demand 1 each
      let at = 1;
      for (const [u, v] of r) {
        cost += dist(at, u) + side[key([u, v])];
        at = v;
      }
      cost += dist(at, 1);
    }
    expect(out.cost).toBe(cost);
    // 10 of service; whichever two sides a trip takes, it deadheads 5 (half the square) in all
    expect(out.cost).toBe(20);
  });
});
