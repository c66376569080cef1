import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSolomon } from '../../../optimizer/vrptw/parse-solomon.js';
import { checkVrptw } from './checker.js';
import { DATA_DIR, hasData } from './data-dir.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

describe.skipIf(!hasData('bench/solomon/25'))('solve CLI end to end', () => {
  it('prints one JSON object whose routes, in file ids, pass the checker at the printed cost', () => {
    const file = join(DATA_DIR, 'bench/solomon/25/R105.txt');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'optimizer/cli/solve.ts', '--format', 'solomon', '--time-limit', '0.3', '--seed', '2', file], {
      cwd: repo, encoding: 'utf8', timeout: 15_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.length).toBe(1);
    const out = JSON.parse(lines[0]) as { instance: string; routes: number[][]; cost: number; vehicles: number; timeMs: number };
    expect(out.instance).toBe('R105');
    expect(out.vehicles).toBe(out.routes.length);
    expect(out.routes.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const p = parseSolomon(readFileSync(file, 'utf8')).problem;
    const padded = [...out.routes, ...Array.from({ length: p.maxVehicles - out.routes.length }, () => [])];
    const report = checkVrptw(p, { routes: padded, cost: out.cost, unassigned: [] });
    expect(report.errors).toEqual([]);
    expect(out.timeMs).toBeGreaterThanOrEqual(250);
  });

  it('exits with status 2 and a usage line on bad arguments', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'optimizer/cli/solve.ts', '--format', 'xml', 'f'], { cwd: repo, encoding: 'utf8', timeout: 15_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/usage: solve --format solomon\|cvrplib/);
  });
});
