import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMATS, parseArgs } from '../../../optimizer/cli/solve.js';
import { parseCvrplib } from '../../../optimizer/vrptw/parse-cvrplib.js';
import { parseSolomon } from '../../../optimizer/vrptw/parse-solomon.js';
import { constructVrptw } from '../../../optimizer/vrptw/solve.js';
import { checkVrptw } from './checker.js';
import { DATA_DIR, hasData } from './data-dir.js';

const SOLOMON = `TINY\r\n\r\nVEHICLE\r\nNUMBER     CAPACITY\r\n  2         50\r\n\r\nCUSTOMER\r
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\r\n \r
    0      0          0          0          0       1000          0   \r
    1      1          1         10         10        100         10   \r
    2      3          4         20          0        500         10   \r
`;

const CVRP = [
  'NAME : T-n4-k2', 'COMMENT : tiny', 'TYPE : CVRP', 'DIMENSION : 4', 'EDGE_WEIGHT_TYPE : EUC_2D', 'CAPACITY : 10',
  'NODE_COORD_SECTION', ' 1 0 0', ' 2 3 4', ' 3 1 1', ' 4 0 2',
  'DEMAND_SECTION', '1 0', '2 5', '3 5', '4 6',
  'DEPOT_SECTION', ' 1', ' -1', 'EOF', '',
].join('\n');

describe('parseSolomon', () => {
  it('reads header, nodes and truncates each arc to one decimal', () => {
    const { name, problem: p, ids } = parseSolomon(SOLOMON);
    expect(name).toBe('TINY');
    expect([p.n, p.capacity, p.maxVehicles, p.horizon]).toEqual([3, 50, 2, 1000]);
    expect(ids).toEqual([0, 1, 2]);
    expect(Array.from(p.demand)).toEqual([0, 10, 20]);
    expect(Array.from(p.ready)).toEqual([0, 10, 0]);
    expect(Array.from(p.due)).toEqual([1000, 100, 500]);
    expect(Array.from(p.service)).toEqual([0, 10, 10]);
    expect(p.time[0 * 3 + 1]).toBe(1.4); // sqrt 2 = 1.414...
    expect(p.time[1 * 3 + 2]).toBe(3.6); // sqrt 13 = 3.605...
    expect(p.time[0 * 3 + 2]).toBe(5);
    expect(parseSolomon(SOLOMON, { round: 'none' }).problem.time[1]).toBeCloseTo(Math.SQRT2, 12);
  });
  it('rejects text without the vehicle line', () => {
    expect(() => parseSolomon('X\n0 0 0 0 0 10 0\n1 1 1 1 0 10 0\n')).toThrow(/CAPACITY/);
  });
});

describe('parseCvrplib', () => {
  it('maps the depot to node 0, keeps file ids and rounds edges to the nearest integer', () => {
    const { name, problem: p, ids } = parseCvrplib(CVRP);
    expect(name).toBe('T-n4-k2');
    expect(ids).toEqual([1, 2, 3, 4]);
    expect([p.n, p.capacity, p.maxVehicles]).toEqual([4, 10, 2]);
    expect(p.time[0 * 4 + 1]).toBe(5);
    expect(p.time[0 * 4 + 2]).toBe(1); // sqrt 2 -> 1
    expect(p.time[1 * 4 + 3]).toBe(4); // sqrt(9 + 4) = 3.6 -> 4
    expect(Array.from(p.demand)).toEqual([0, 5, 5, 6]);
  });
  it('leaves set X without a fleet limit and rejects other weight types', () => {
    expect(parseCvrplib(CVRP.replace('T-n4-k2', 'X-n4-k2')).problem.maxVehicles).toBe(3);
    expect(() => parseCvrplib(CVRP.replace('EUC_2D', 'GEO'))).toThrow(/EUC_2D/);
  });
});

describe('solve CLI', () => {
  it('parses its arguments and refuses bad ones', () => {
    expect(parseArgs(['--format', 'solomon', '--time-limit', '2', '--seed', '5', 'f.txt']))
      .toEqual({ format: 'solomon', timeLimitS: 2, seed: 5, file: 'f.txt' });
    expect(() => parseArgs(['--format', 'nope', 'f'])).toThrow(/--format/);
    expect(() => parseArgs(['--format', 'solomon'])).toThrow(/missing/);
  });
  it('prints routes with the file ids and the cost of those routes', () => {
    const out = FORMATS.cvrplib(CVRP, { format: 'cvrplib', timeLimitS: 0.2, seed: 1, file: 'x' });
    expect(out.instance).toBe('T-n4-k2');
    expect(out.routes.flat().sort()).toEqual([2, 3, 4]);
    expect(out.vehicles).toBe(2);
    // capacity 10 forces node 2 alone (5 + 5 back) and nodes 3, 4 together (1 + 1 + 2)
    expect(out.cost).toBe(14);
  });
});

describe.skipIf(!hasData('bench/solomon/100'))('real files', () => {
  it('Solomon 100 files parse to 101 nodes and their construction passes the checker', () => {
    for (const name of ['C101', 'R201', 'RC108']) {
      const inst = parseSolomon(readFileSync(join(DATA_DIR, 'bench/solomon/100', `${name}.txt`), 'utf8'));
      expect(inst.problem.n).toBe(101);
      expect(inst.problem.maxVehicles).toBe(25);
      expect(checkVrptw(inst.problem, constructVrptw(inst.problem)).errors).toEqual([]);
    }
  });
  it('reads CVRPLIB files of sets A and X', () => {
    const a = parseCvrplib(readFileSync(join(DATA_DIR, 'bench/cvrplib/A/A-n32-k5.vrp'), 'utf8'));
    expect([a.name, a.problem.n, a.problem.capacity, a.problem.maxVehicles]).toEqual(['A-n32-k5', 32, 100, 5]);
    const x = parseCvrplib(readFileSync(join(DATA_DIR, 'bench/cvrplib/X/X-n101-k25.vrp'), 'utf8'));
    expect([x.name, x.problem.n, x.problem.capacity, x.problem.maxVehicles]).toEqual(['X-n101-k25', 101, 206, 100]);
  });
});
