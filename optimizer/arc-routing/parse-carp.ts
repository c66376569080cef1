/**
 * Parser for the CARPLIB `.dat` format of Belenguer (gdb, val, egl): Spanish header keys, then
 * `( i, j) coste C demanda D` lines, 1-based vertices, undirected edges.
 */
import { floydWarshall } from './floyd-warshall.js';
import type { CarpProblem } from './types.js';

export interface CarpInstanceFile {
  name: string;
  nNodes: number;
  /** 0-based */
  depot: number;
  capacity: number;
  vehicles: number;
  /** required edges, 0-based nodes, ids 0.. in file order */
  required: { id: number; u: number; v: number; cost: number; demand: number }[];
  /** non-required edges (deadheading only) */
  other: { u: number; v: number; cost: number }[];
}

const headerNum = (text: string, key: string): number => {
  const m = new RegExp(`${key}\\s*:\\s*(-?\\d+)`).exec(text);
  if (!m) throw new Error(`CARP file: missing ${key}`);
  return Number(m[1]);
};

/** Parses the text of a `.dat` file. */
export function parseCarp(text: string): CarpInstanceFile {
  const name = /NOMBRE\s*:\s*(\S+)/.exec(text)?.[1] ?? 'unnamed';
  const nNodes = headerNum(text, 'VERTICES');
  const nReq = headerNum(text, 'ARISTAS_REQ');
  const nOther = headerNum(text, 'ARISTAS_NOREQ');
  const required: CarpInstanceFile['required'] = [];
  const other: CarpInstanceFile['other'] = [];
  const edgeRe = /\(\s*(\d+)\s*,\s*(\d+)\s*\)\s*coste\s+(\d+(?:\.\d+)?)(?:\s+demanda\s+(\d+(?:\.\d+)?))?/g;
  const reqStart = text.indexOf('LISTA_ARISTAS_REQ');
  const otherStart = text.indexOf('LISTA_ARISTAS_NOREQ');
  for (const m of text.matchAll(edgeRe)) {
    const u = Number(m[1]) - 1;
    const v = Number(m[2]) - 1;
    const cost = Number(m[3]);
    const isOther = otherStart >= 0 && m.index > otherStart;
    if (m.index < reqStart) continue;
    if (isOther || m[4] === undefined) other.push({ u, v, cost });
    else required.push({ id: required.length, u, v, cost, demand: Number(m[4]) });
  }
  if (required.length !== nReq) throw new Error(`CARP file ${name}: ${required.length} required edges, header says ${nReq}`);
  if (other.length !== nOther) throw new Error(`CARP file ${name}: ${other.length} other edges, header says ${nOther}`);
  const depot = headerNum(text, 'DEPOSITO') - 1;
  return { name, nNodes, depot, capacity: headerNum(text, 'CAPACIDAD'), vehicles: headerNum(text, 'VEHICULOS'), required, other };
}

/** The CarpProblem of a parsed file, deadheading by Floyd-Warshall over all its edges. */
export function carpProblemOf(f: CarpInstanceFile): CarpProblem {
  const n = f.nNodes;
  const d = floydWarshall(n, [...f.required, ...f.other]);
  return {
    nNodes: n,
    depot: f.depot,
    required: f.required.map((e) => ({ id: e.id, u: e.u, v: e.v, serviceCost: e.cost, demand: e.demand })),
    dist: (a, b) => d[a * n + b],
    capacity: f.capacity,
  };
}
