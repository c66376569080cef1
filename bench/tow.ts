/**
 * Tow dispatch timing and quality: Hungarian decision time for growing fleets and case loads
 * (the bar is well under 100 ms for 50 trucks x 300 incidents), against a greedy baseline
 * (most urgent case first, nearest free truck) measured in the same run.
 *
 *   npx tsx bench/tow.ts
 *
 * Then the MIP variant (javascript-lp-solver) on smaller instances: agreement and time.
 */
import { assignTows, assignTowsLp } from '../optimizer/assignment/index.js';
import { buildTowModel } from '../optimizer/assignment/cost-model.js';
import { planObjective } from '../optimizer/assignment/plan.js';
import type { TowProblem } from '../optimizer/assignment/types.js';
import { createRng } from '../optimizer/util/rng.js';

function problem(seed: number, nT: number, nI: number): TowProblem {
  const rng = createRng(seed);
  const trucks = Array.from({ length: nT }, (_, t) => ({
    id: `T${t}`, available: rng.next() > 0.05, busyUntilS: rng.next() < 0.3 ? rng.int(1200) : 0, capacity: 1, load: 0, towing: false,
  }));
  const incidents = Array.from({ length: nI }, (_, i) => ({ id: `I${i}`, deadlineS: rng.range(-300, 3600), priority: 1 + rng.int(3) }));
  const travelS = trucks.map(() => incidents.map(() => 60 + rng.int(1800)));
  return { trucks, incidents, travelS };
}

/** Baseline: cases by priority then deadline, each to the free truck with the earliest arrival. */
function greedyObjective(p: TowProblem): number {
  const model = buildTowModel(p);
  const free = new Set(model.rows);
  const chosen: { t: number; i: number }[] = [];
  const cases = model.cols.slice().sort((a, b) => p.incidents[b].priority - p.incidents[a].priority || p.incidents[a].deadlineS - p.incidents[b].deadlineS);
  for (const i of cases) {
    let bt = -1;
    for (const t of free) if (bt < 0 || model.cost(t, i) < model.cost(bt, i)) bt = t;
    if (bt < 0) break;
    chosen.push({ t: bt, i });
    free.delete(bt);
  }
  return planObjective(model, chosen);
}

console.log('trucks incidents   median ms   max ms   objective / greedy');
for (const [nT, nI] of [[10, 30], [20, 100], [50, 300], [100, 600]]) {
  const times: number[] = [];
  let ratio = 0;
  const runs = 9;
  for (let s = 0; s < runs; s++) {
    const p = problem(s + 1, nT, nI);
    const t0 = performance.now();
    const plan = assignTows(p);
    times.push(performance.now() - t0);
    ratio += plan.objective / greedyObjective(p) / runs;
  }
  times.sort((a, b) => a - b);
  console.log(`${String(nT).padStart(6)} ${String(nI).padStart(9)} ${times[(runs - 1) / 2].toFixed(1).padStart(11)} ${times[runs - 1].toFixed(1).padStart(8)}   ${ratio.toFixed(3)}`);
}

// dispatcher pins at 50 x 300: the decision is one solve; per-pin costs take one more solve per pin,
// which is why the live planner works them out after publishing (pinCosts: 'none' for the decision)
console.log('\npins (50 x 300)   decision ms median   with per-pin costs ms median   pins\' extra lateness s');
for (const pins of [0, 1, 5, 10]) {
  const base = problem(11, 50, 300);
  const p = { ...base, incidents: base.incidents.map((inc, i) => (i < pins ? { ...inc, pinnedTruckId: `T${(i * 7) % 50}` } : inc)) };
  p.trucks.forEach((t) => (t.available = true));
  const decide: number[] = [];
  const full: number[] = [];
  let cost = 0;
  for (let k = 0; k < 7; k++) {
    let t0 = performance.now();
    assignTows(p, { pinCosts: 'none' });
    decide.push(performance.now() - t0);
    t0 = performance.now();
    cost = (assignTows(p).pinCosts ?? []).reduce((a, c) => a + c.lateS, 0);
    full.push(performance.now() - t0);
  }
  decide.sort((a, b) => a - b);
  full.sort((a, b) => a - b);
  console.log(`${String(pins).padStart(4)} ${decide[3].toFixed(1).padStart(24)} ${full[3].toFixed(1).padStart(32)} ${cost.toFixed(0).padStart(18)}`);
}

// the MIP variant: same objective as the Hungarian method on pure assignment, and what letting
// two-wheeler trucks (every third truck, 5 places) take several incidents buys
console.log('\ntrucks incidents   hungarian ms   lp ms   lp = hungarian   lp multi ms   multi objective / hungarian');
for (const [nT, nI] of [[5, 20], [10, 40], [20, 80], [30, 150]]) {
  const p = problem(3, nT, nI);
  p.trucks.forEach((t, k) => {
    if (k % 3 === 0) t.capacity = 5;
  });
  let t0 = performance.now();
  const h = assignTows(p);
  const th = performance.now() - t0;
  t0 = performance.now();
  const lp = assignTowsLp(p, { multi: false });
  const tl = performance.now() - t0;
  t0 = performance.now();
  const multi = assignTowsLp(p);
  const tm = performance.now() - t0;
  const same = Math.abs(lp.objective - h.objective) <= 1e-6 * Math.abs(h.objective) ? 'yes' : `NO (${lp.method})`;
  console.log(`${String(nT).padStart(6)} ${String(nI).padStart(9)} ${th.toFixed(1).padStart(14)} ${tl.toFixed(0).padStart(7)} ${same.padStart(16)} ${tm.toFixed(0).padStart(13)}   ${(multi.objective / h.objective).toFixed(3)}`);
}
