/**
 * CARP benchmark: every gdb and val instance, our solver against the proven optimum, with
 * best-of-five path scanning as the baseline measured in the same run. Every answer goes through
 * the independent checker.
 *
 *   npx tsx bench/carp.ts [--time 1] [--seed 1] [--only gdb|val|<name prefix>] [--iters N]
 *
 * --iters caps the search at N iterations (deterministic, independent of machine load).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { carpProblemOf, parseCarp, solveCarp, solveCarpPathScanning } from '../optimizer/arc-routing/index.js';
import { checkCarp } from '../test/optimizer/arc-routing/checker.js';

const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
};
const timeS = Number(arg('time', '1'));
const seed = Number(arg('seed', '1'));
const only = arg('only', '');
const iters = arg('iters', '');
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(process.env.CITYFLEET_DATA_DIR ?? join(repo, '../shared/data'), 'bench/carp');
if (!existsSync(dir)) {
  console.error(`CARP data not found at ${dir} (set CITYFLEET_DATA_DIR)`);
  process.exit(1);
}
const bks = new Map(
  readFileSync(join(dir, 'bks.csv'), 'utf8').trim().split('\n').slice(1).map((l) => {
    const [name, cost] = l.split(',');
    return [name, Number(cost)] as const;
  }),
);
const natural = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

interface Row { name: string; set: string; bks: number; ps: number; ours: number; gap: number; psGap: number; s: number; it: number }
const rows: Row[] = [];
const pad = (x: string | number, n: number): string => String(x).padStart(n);
console.log(`CARP benchmark, ${timeS} s per instance${iters ? ` (or ${iters} iterations)` : ''}, seed ${seed}, ${new Date().toISOString()}`);
console.log(`${'instance'.padEnd(9)} ${pad('BKS', 5)} ${pad('PS', 5)} ${pad('PS gap%', 8)} ${pad('ours', 5)} ${pad('gap%', 6)} ${pad('sec', 5)} ${pad('iters', 6)}`);
for (const set of ['gdb', 'val']) {
  const files = readdirSync(join(dir, set)).filter((f) => f.endsWith('.dat')).sort(natural);
  for (const file of files) {
    const f = parseCarp(readFileSync(join(dir, set, file), 'utf8'));
    if (only && !f.name.startsWith(only)) continue;
    const p = carpProblemOf(f);
    const best = bks.get(f.name) ?? NaN;
    const ps = solveCarpPathScanning(p);
    const t0 = performance.now();
    const s = solveCarp(p, { timeLimitMs: timeS * 1000, seed, maxIterations: iters ? Number(iters) : undefined });
    const sec = (performance.now() - t0) / 1000;
    for (const [what, sol] of [['path scanning', ps], ['solver', s]] as const) {
      const chk = checkCarp(p, sol);
      if (chk.errors.length > 0) throw new Error(`${f.name} ${what}: invalid solution: ${chk.errors.slice(0, 3).join('; ')}`);
    }
    const row: Row = { name: f.name, set, bks: best, ps: ps.cost, ours: s.cost, gap: (s.cost / best - 1) * 100, psGap: (ps.cost / best - 1) * 100, s: sec, it: s.stats?.iterations ?? 0 };
    rows.push(row);
    // below a proven optimum means the instance or its listed value differs from the literature's (or a bug): say so
    const flag = s.cost < best ? '  < listed optimum: check the data' : '';
    console.log(`${row.name.padEnd(9)} ${pad(best, 5)} ${pad(ps.cost, 5)} ${pad(row.psGap.toFixed(2), 8)} ${pad(s.cost, 5)} ${pad(row.gap.toFixed(2), 6)} ${pad(sec.toFixed(2), 5)} ${pad(row.it, 6)}${flag}`);
  }
}

const stats = (xs: number[]): string => {
  const s = xs.slice().sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return `mean ${mean.toFixed(2)}  median ${median.toFixed(2)}  worst ${s[s.length - 1].toFixed(2)}`;
};
console.log('\nsummary (gap % to the proven optimum)');
for (const set of ['gdb', 'val', 'all']) {
  const rs = rows.filter((r) => set === 'all' || r.set === set);
  if (rs.length === 0) continue;
  const hits = rs.filter((r) => r.ours === r.bks).length;
  console.log(`${set.padEnd(4)} n=${pad(rs.length, 2)}  ours: ${stats(rs.map((r) => r.gap))}  optimal ${hits}/${rs.length}  |  path scanning: ${stats(rs.map((r) => r.psGap))}`);
}
