/**
 * VRPTW / CVRP benchmark: solves the shared benchmark instances, checks every solution with the
 * independent checker, and prints gaps to the best-known values next to the construction heuristic
 * measured in the same run.
 *   npx tsx bench/vrptw.ts [--time 1] [--iterations N] [--family solomon|cvrplib] [--size 25|50|100] [--filter RE] [--seed 1]
 * --iterations makes the search deterministic (same numbers on any machine load); --time still caps it.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseCvrplib } from '../optimizer/vrptw/parse-cvrplib.js';
import { parseSolomon } from '../optimizer/vrptw/parse-solomon.js';
import { constructVrptw, solveVrptwDetailed } from '../optimizer/vrptw/solve.js';
import type { BenchInstance } from '../optimizer/vrptw/bench-instance.js';
import { checkVrptw } from '../test/optimizer/vrptw/checker.js';
import { DATA_DIR } from '../test/optimizer/vrptw/data-dir.js';

interface Args { time: number; iterations?: number; family: 'solomon' | 'cvrplib'; size: number; filter: RegExp; seed: number }

function parseArgs(argv: string[]): Args {
  const a: Args = { time: 1, family: 'solomon', size: 100, filter: /./, seed: 1 };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (k === '--time') a.time = Number(v);
    else if (k === '--family') a.family = v === 'cvrplib' ? 'cvrplib' : 'solomon';
    else if (k === '--size') a.size = Number(v);
    else if (k === '--iterations') a.iterations = Number(v);
    else if (k === '--filter') a.filter = new RegExp(v);
    else if (k === '--seed') a.seed = Number(v);
    else throw new Error(`unknown option ${k}`);
  }
  return a;
}

interface Job { name: string; load: () => BenchInstance; bks: number }

function solomonJobs(size: number): Job[] {
  const dir = join(DATA_DIR, 'bench/solomon');
  const bks = new Map<string, number>();
  for (const line of readFileSync(join(dir, 'bks_distance_only.csv'), 'utf8').trim().split('\n').slice(1)) {
    const [inst, customers, , dist] = line.split(',');
    if (Number(customers) === size) bks.set(inst, Number(dist));
  }
  return readdirSync(join(dir, String(size))).filter((f) => f.endsWith('.txt')).sort().map((f) => {
    const name = f.replace('.txt', '');
    return { name, bks: bks.get(name) ?? NaN, load: () => parseSolomon(readFileSync(join(dir, String(size), f), 'utf8')) };
  });
}

function cvrplibJobs(): Job[] {
  const dir = join(DATA_DIR, 'bench/cvrplib');
  const bks = new Map<string, number>();
  for (const line of readFileSync(join(dir, 'bks.csv'), 'utf8').trim().split('\n').slice(1)) {
    const [inst, cost] = line.split(',');
    bks.set(inst, Number(cost));
  }
  const jobs: Job[] = [];
  for (const set of ['A', 'B', 'P', 'X']) {
    for (const f of readdirSync(join(dir, set)).filter((x) => x.endsWith('.vrp')).sort()) {
      const name = f.replace('.vrp', '');
      jobs.push({ name, bks: bks.get(name) ?? NaN, load: () => parseCvrplib(readFileSync(join(dir, set, f), 'utf8')) });
    }
  }
  return jobs;
}

const gap = (x: number, bks: number): number => (100 * (x - bks)) / bks;
// adding 0 turns -0 into 0, so a tiny negative rounding error does not print as -0.00
const fmt = (x: number, d = 2): string => (Number.isFinite(x) ? (Number(x.toFixed(d)) + 0).toFixed(d) : '-');

function summary(label: string, gaps: number[]): string {
  const s = gaps.slice().sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / Math.max(1, s.length);
  const median = s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN;
  return `${label.padEnd(14)} mean gap ${fmt(mean)}%  median ${fmt(median)}%  worst ${fmt(s[s.length - 1])}%`;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(join(DATA_DIR, 'bench'))) throw new Error(`no benchmark data at ${DATA_DIR}`);
  const jobs = (args.family === 'solomon' ? solomonJobs(args.size) : cvrplibJobs()).filter((j) => args.filter.test(j.name));
  const budget = `${args.time} s${args.iterations ? `, at most ${args.iterations} iterations` : ''} per instance`;
  console.log(`# ${args.family}${args.family === 'solomon' ? ` ${args.size}` : ''}, ${budget}, seed ${args.seed}`);
  console.log(['instance', 'bks', 'construct', 'gap%', 'ours', 'gap%', 'veh', 'iters', 'sec', 'check'].map((h) => h.padStart(10)).join(''));
  const ours: number[] = [], base: number[] = [];
  let failures = 0;
  for (const job of jobs) {
    const inst = job.load();
    const c = constructVrptw(inst.problem);
    const cCheck = checkVrptw(inst.problem, c);
    const { solution, stats } = solveVrptwDetailed(inst.problem, { timeLimitMs: args.time * 1000, seed: args.seed, maxIterations: args.iterations });
    const check = checkVrptw(inst.problem, solution);
    const ok = check.ok && cCheck.ok && solution.unassigned.length === 0;
    if (!ok) failures++;
    const g = gap(solution.cost, job.bks), gb = gap(c.cost, job.bks);
    if (solution.unassigned.length === 0) ours.push(g);
    if (c.unassigned.length === 0) base.push(gb);
    console.log([
      job.name, fmt(job.bks, 1), fmt(c.cost, 1) + (c.unassigned.length ? '*' : ''), fmt(gb), fmt(solution.cost, 1), fmt(g),
      String(check.vehicles), String(stats.iterations), fmt(stats.elapsedMs / 1000), ok ? 'ok' : 'FAIL',
    ].map((x) => x.padStart(10)).join(''));
    if (!ok) console.log(`  ${[...check.errors, ...cCheck.errors].slice(0, 5).join('; ')} unassigned=${solution.unassigned.length}`);
  }
  console.log(summary('construction', base));
  console.log(summary('ours', ours));
  console.log(`${jobs.length} instances, ${failures} failed checks (* = construction left customers unassigned)`);
  const cpu = process.cpuUsage();
  console.log(`process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (lower than wall time when the machine is shared)`);
  if (failures > 0) process.exitCode = 1;
}

main();
