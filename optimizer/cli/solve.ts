/**
 * Benchmark solver CLI:
 *   npm run --silent solve -- --format solomon|cvrplib|carp --time-limit <seconds> [--seed <n>] <file>
 * Prints one JSON object: {"instance","routes":[[ids...]],"cost","vehicles","timeMs"}, customer ids as
 * numbered in the file, depot left out; for carp {"instance","routes":[[[u,v],...],...],"cost","timeMs"}
 * (see optimizer/arc-routing/cli-format.ts). Each format is one entry of FORMATS.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { solveCarpText, type CarpCliResult } from '../arc-routing/cli-format.js';
import { parseCvrplib } from '../vrptw/parse-cvrplib.js';
import { parseSolomon } from '../vrptw/parse-solomon.js';
import { solveVrptw } from '../vrptw/solve.js';
import type { BenchInstance } from '../vrptw/bench-instance.js';

export interface CliArgs {
  format: string;
  timeLimitS: number;
  seed: number;
  file: string;
}

export interface CliResult {
  instance: string;
  routes: number[][];
  cost: number;
  vehicles: number;
  timeMs: number;
  unassigned?: number[];
}

/** One solver per --format: takes the file's text and the options, returns the printed object. */
export type FormatSolver = (text: string, args: CliArgs) => CliResult;

function vrptwFormat(parse: (text: string) => BenchInstance): FormatSolver {
  return (text, args) => {
    const t0 = Date.now();
    const inst = parse(text);
    const sol = solveVrptw(inst.problem, { timeLimitMs: args.timeLimitS * 1000, seed: args.seed });
    const routes = sol.routes.filter((r) => r.length > 0).map((r) => r.map((i) => inst.ids[i]));
    const out: CliResult = {
      instance: inst.name, routes, cost: Math.round(sol.cost * 1e6) / 1e6, vehicles: routes.length, timeMs: Date.now() - t0,
    };
    if (sol.unassigned.length) out.unassigned = sol.unassigned.map((i) => inst.ids[i]);
    return out;
  };
}

/** Registered formats; add a new one here (e.g. 'carp'). */
export const FORMATS = {
  solomon: vrptwFormat((t) => parseSolomon(t)),
  cvrplib: vrptwFormat((t) => parseCvrplib(t)),
  carp: solveCarpText,
} satisfies Record<string, (text: string, args: CliArgs) => CliResult | CarpCliResult>;
const isFormat = (f: string): f is keyof typeof FORMATS => Object.hasOwn(FORMATS, f);

/** Parses argv (without node and script); throws on bad usage. */
export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { format: '', timeLimitS: 1, seed: 1, file: '' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--format') args.format = next();
    else if (a === '--time-limit') args.timeLimitS = Number(next());
    else if (a === '--seed') args.seed = Number(next());
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else args.file = a;
  }
  if (!isFormat(args.format)) throw new Error(`--format must be one of ${Object.keys(FORMATS).join(', ')}`);
  if (!(args.timeLimitS >= 0)) throw new Error('--time-limit must be a number of seconds');
  if (!Number.isInteger(args.seed)) throw new Error('--seed must be an integer');
  if (!args.file) throw new Error('missing instance file');
  return args;
}

function main(): void {
  const usage = `usage: solve --format ${Object.keys(FORMATS).join('|')} --time-limit <seconds> [--seed <n>] <file>\n`;
  if (process.argv.includes('--help')) {
    process.stdout.write(usage);
    return;
  }
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}`);
    process.exit(2);
  }
  let result: CliResult | CarpCliResult;
  try {
    result = FORMATS[args.format as keyof typeof FORMATS](readFileSync(args.file, 'utf8'), args);
  } catch (e) {
    process.stderr.write(`solve: ${args.file}: ${(e as Error).message}\n`);
    process.exit(1);
  }
  if (!result.instance) result.instance = basename(args.file).replace(/\.[^.]+$/, '');
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// run only as a script, so tests can import parseArgs and FORMATS
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
