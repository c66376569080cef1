import { euclideanMatrix, type BenchInstance } from './bench-instance.js';

/**
 * Parses a CVRPLIB (TSPLIB-style) CVRP file with EUC_2D weights; each edge costs the Euclidean distance
 * rounded to the nearest integer (CVRPLIB convention). The depot becomes node 0. The fleet is limited
 * to the k in "-k<k>" for the Augerat sets (A, B, P), whose best-known values assume it, and is
 * unlimited (n - 1 vehicles) for set X and unnamed instances unless `maxVehicles` is given.
 * There are no time windows (ready 0, due and horizon infinite).
 */
export function parseCvrplib(text: string, opts: { maxVehicles?: number } = {}): BenchInstance {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const header = new Map<string, string>();
  const coords = new Map<number, [number, number]>();
  const demands = new Map<number, number>();
  const depots: number[] = [];
  let section = '';
  for (const line of lines) {
    if (line === '' || line === 'EOF') continue;
    const kv = /^([A-Z_]+)\s*:\s*(.*)$/.exec(line);
    if (kv) { header.set(kv[1], kv[2].trim()); section = ''; continue; }
    if (/^[A-Z_]+$/.test(line.split(/\s+/)[0])) { section = line.split(/\s+/)[0]; continue; }
    const nums = line.split(/\s+/).map(Number);
    if (section === 'NODE_COORD_SECTION') coords.set(nums[0], [nums[1], nums[2]]);
    else if (section === 'DEMAND_SECTION') demands.set(nums[0], nums[1]);
    else if (section === 'DEPOT_SECTION') { if (nums[0] >= 0) depots.push(nums[0]); }
  }
  const weight = header.get('EDGE_WEIGHT_TYPE');
  if (weight !== 'EUC_2D') throw new Error(`cvrplib: only EDGE_WEIGHT_TYPE EUC_2D is supported, got ${weight}`);
  const dim = Number(header.get('DIMENSION'));
  const capacity = Number(header.get('CAPACITY'));
  if (!(dim > 1) || !(capacity > 0)) throw new Error('cvrplib: missing DIMENSION or CAPACITY');
  if (coords.size !== dim || demands.size !== dim) throw new Error(`cvrplib: expected ${dim} coordinates and demands`);
  const depot = depots[0] ?? 1;
  const ids = [depot, ...[...coords.keys()].filter((id) => id !== depot).sort((a, b) => a - b)];
  const name = (header.get('NAME') ?? 'cvrp').replace(/\.vrp$/, '');
  const k = /-k(\d+)/.exec(name);
  const limited = k && !name.startsWith('X-');
  const maxVehicles = opts.maxVehicles ?? (limited ? Number(k[1]) : dim - 1);
  return {
    name,
    ids,
    problem: {
      n: dim,
      time: euclideanMatrix(ids.map((id) => coords.get(id)![0]), ids.map((id) => coords.get(id)![1]), Math.round),
      demand: ids.map((id) => demands.get(id)!),
      ready: new Array(dim).fill(0),
      due: new Array(dim).fill(Infinity),
      service: new Array(dim).fill(0),
      capacity,
      maxVehicles,
      horizon: Infinity,
    },
  };
}
