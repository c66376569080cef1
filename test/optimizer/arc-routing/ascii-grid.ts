/**
 * Street maps drawn as ASCII, for arc-routing tests (as OSRM's tests do). Letters are
 * intersections; between two letters on a row or column:
 *   `-` / `|`  a street to drive along (deadheading only)
 *   `=` / `#`  a street to sweep (required, both directions allowed)
 *   `>` / `v`  a one-way street to sweep, left->right / top->bottom
 * Cost of a street = its drawn length (columns, or rows x 2). Demand 1 per swept street.
 */
import { floydWarshall } from '../../../optimizer/arc-routing/floyd-warshall.js';
import type { CarpProblem } from '../../../optimizer/arc-routing/types.js';

export interface AsciiMap {
  names: string[];
  problem: (opts: { capacity: number; depot?: string; starts?: { at: string; load: number }[] }) => CarpProblem;
}

/** Parses an ASCII map (see file comment). */
export function asciiMap(drawing: string): AsciiMap {
  const rows = drawing.split('\n').filter((l) => l.trim().length > 0);
  const names: string[] = [];
  const pos = new Map<string, [number, number]>();
  rows.forEach((line, r) => {
    for (let c = 0; c < line.length; c++) {
      if (/[A-Z]/.test(line[c])) {
        pos.set(line[c], [r, c]);
        names.push(line[c]);
      }
    }
  });
  names.sort();
  const id = (n: string): number => names.indexOf(n);
  const at = (r: number, c: number): string => rows[r]?.[c] ?? ' ';
  const edges: { u: number; v: number; cost: number; req: boolean; oneway: boolean; directed: boolean }[] = [];
  for (const n of names) {
    const [r, c] = pos.get(n)!;
    // walk right
    let k = c + 1;
    while (k < rows[r].length && '-=>'.includes(at(r, k))) k++;
    if (k > c + 1 && /[A-Z]/.test(at(r, k))) {
      const mark = at(r, c + 1);
      edges.push({ u: id(n), v: id(at(r, k)), cost: k - c, req: mark !== '-', oneway: mark === '>', directed: false });
    }
    // walk down
    k = r + 1;
    while (k < rows.length && '|#v'.includes(at(k, c))) k++;
    if (k > r + 1 && /[A-Z]/.test(at(k, c))) {
      const mark = at(r + 1, c);
      edges.push({ u: id(n), v: id(at(k, c)), cost: 2 * (k - r), req: mark !== '|', oneway: mark === 'v', directed: false });
    }
  }
  const nN = names.length;
  // one-way streets can be driven only their way, also when deadheading
  const d = floydWarshall(nN, edges.map((e) => ({ ...e, directed: e.oneway })));
  return {
    names,
    problem: ({ capacity, depot = 'A', starts }) => ({
      nNodes: nN,
      depot: id(depot),
      required: edges.filter((e) => e.req).map((e, k) => ({ id: k, u: e.u, v: e.v, serviceCost: e.cost, demand: 1, oneway: e.oneway || undefined })),
      dist: (a, b) => d[a * nN + b],
      capacity,
      starts: starts?.map((s) => ({ node: id(s.at), load: s.load })),
    }),
  };
}
