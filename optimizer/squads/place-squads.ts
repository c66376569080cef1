/**
 * Squad placement as a maximal covering location problem (Church & ReVelle 1974), solved exactly
 * as a binary MIP with javascript-lp-solver, with a greedy + swap fallback when the model is too
 * large or the solver runs out of time.
 */
import { solveLp, type LpModel } from '../assignment/lp-solve.js';
import { coverSets, coveredBy } from './coverage.js';
import { greedyPosts } from './greedy.js';
import type { SquadOptions, SquadPlan, SquadProblem } from './types.js';

function mipPosts(p: SquadProblem, covers: number[][], k: number, timeoutMs: number): { posts: number[]; timedOut: boolean } | null {
  const n = p.cells.length;
  const variables: LpModel['variables'] = {};
  const constraints: LpModel['constraints'] = { squads: { max: k } };
  const binaries: Record<string, 1> = {};
  for (let j = 0; j < n; j++) {
    const v: Record<string, number> = { squads: 1 };
    for (const i of covers[j]) if (p.cells[i].expected > 0) v[`c${i}`] = -1;
    variables[`y${j}`] = v;
    binaries[`y${j}`] = 1;
  }
  for (let i = 0; i < n; i++) {
    if (!(p.cells[i].expected > 0)) continue;
    // z_i <= sum of posts covering i, z_i <= 1: counted at most once
    constraints[`c${i}`] = { max: 0 };
    constraints[`z${i}`] = { max: 1 };
    variables[`z${i}`] = { value: p.cells[i].expected, [`c${i}`]: 1, [`z${i}`]: 1 };
  }
  const res = solveLp({ optimize: 'value', opType: 'max', constraints, variables, binaries, timeout: timeoutMs });
  if (!res.feasible) return null;
  const posts: number[] = [];
  for (let j = 0; j < n; j++) if (res.value(`y${j}`) > 0.5) posts.push(j);
  return posts.length <= k ? { posts, timedOut: res.ms >= timeoutMs } : null;
}

/** Places `squads` posts maximising expected incidents reachable within `radiusS`. */
export function placeSquads(p: SquadProblem, opts: SquadOptions = {}): SquadPlan {
  const n = p.cells.length;
  const k = Math.max(0, Math.floor(p.squads));
  if (n === 0 || k === 0) return { posts: [], covered: 0, method: 'empty' };
  const covers = coverSets(p);
  const greedy = greedyPosts(p, covers, k);
  const greedyCov = coveredBy(p, covers, greedy);
  let posts = greedy;
  let method = 'greedy';
  const nonzeros = covers.reduce((a, c) => a + c.length, 0);
  if (n <= (opts.maxMipCells ?? 300) && nonzeros <= (opts.maxMipNonzeros ?? 5000)) {
    const mip = mipPosts(p, covers, k, opts.timeoutMs ?? 2000);
    if (mip && coveredBy(p, covers, mip.posts) >= greedyCov - 1e-9) {
      posts = mip.posts;
      // a timed-out search returns its incumbent: no longer a proof of optimality
      method = mip.timedOut ? 'mip-timeout' : 'mip';
    } else {
      method = mip?.timedOut ? 'mip-timeout:greedy' : 'mip-failed:greedy';
    }
  }
  // squads beyond the useful posts still stand somewhere: at the busiest cells not yet posted, then doubled up
  const byDemand = p.cells.map((_, i) => i).sort((a, b) => p.cells[b].expected - p.cells[a].expected || a - b);
  const extra = byDemand.filter((i) => !posts.includes(i));
  const all = posts.slice();
  for (let x = 0; all.length < k; x++) all.push(x < extra.length ? extra[x] : byDemand[(x - extra.length) % n]);
  return { posts: all.map((j) => p.cells[j].id), covered: coveredBy(p, covers, posts), method };
}
