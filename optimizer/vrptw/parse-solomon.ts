import { euclideanMatrix, type BenchInstance } from './bench-instance.js';

/**
 * Parses a Solomon VRPTW text file. Distances and travel times follow the "exact" benchmark
 * convention used by the distance-only best-known values: Euclidean, truncated to one decimal per arc
 * (floor(10 d) / 10). Pass `round: 'none'` for double-precision distances (hierarchical BKS tables).
 */
export function parseSolomon(text: string, opts: { round?: 'truncate1' | 'none' } = {}): BenchInstance {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const name = lines[0];
  let vehicles = NaN, capacity = NaN;
  const rows: number[][] = [];
  for (let i = 1; i < lines.length; i++) {
    const nums = lines[i].split(/\s+/).map(Number);
    if (nums.some((x) => Number.isNaN(x))) continue;
    if (nums.length === 2 && Number.isNaN(capacity)) [vehicles, capacity] = nums;
    else if (nums.length >= 7) rows.push(nums);
    else throw new Error(`solomon: cannot read line ${i + 1}: "${lines[i]}"`);
  }
  if (Number.isNaN(capacity)) throw new Error('solomon: missing VEHICLE NUMBER / CAPACITY line');
  if (rows.length < 2) throw new Error('solomon: no customer lines');
  if (rows[0][0] !== 0) throw new Error('solomon: the first node line must be the depot, number 0');
  const truncate = opts.round !== 'none';
  const time = euclideanMatrix(rows.map((r) => r[1]), rows.map((r) => r[2]), truncate ? (d) => Math.floor(10 * d) / 10 : (d) => d);
  return {
    name,
    ids: rows.map((r) => r[0]),
    problem: {
      n: rows.length,
      time,
      demand: rows.map((r) => r[3]),
      ready: rows.map((r) => r[4]),
      due: rows.map((r) => r[5]),
      service: rows.map((r) => r[6]),
      capacity,
      maxVehicles: vehicles,
      horizon: rows[0][5],
    },
  };
}
