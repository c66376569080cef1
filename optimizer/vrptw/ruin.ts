import type { Rng } from '../util/rng.js';
import type { Instance } from './instance.js';
import { size } from './route.js';
import { refreshRoute, touchRoute, type Sol } from './solution.js';

/** Average number of customers removed per ruin (SISR's c-bar). */
const AVG_REMOVED = 10;
/** Longest string removed from one route. */
const MAX_STRING = 10;
/** Probability of the split-string variant, which keeps a middle part of the string in place. */
const SPLIT_RATE = 0.5;
/** In the split-string variant, probability of growing the kept part by one more customer. */
const SPLIT_DEPTH = 0.01;

/**
 * Slack-induced string removal (Christiaens & Vanden Berghe, 2020): removes short strings of
 * consecutive customers from a few routes that lie near a random seed customer, so that recreate can
 * rebuild that area differently. Returns the removed customers; routes are refreshed.
 */
export function ruinStrings(inst: Instance, s: Sol, rng: Rng): number[] {
  const removed: number[] = [];
  let routed = 0;
  let used = 0;
  for (const r of s.routes) {
    if (size(r) > 0) { routed += size(r); used++; }
  }
  if (routed === 0) return removed;
  const lsMax = Math.min(MAX_STRING, routed / used);
  const ksMax = (4 * AVG_REMOVED) / (1 + lsMax) - 1;
  const ks = Math.floor(rng.range(1, ksMax + 1));
  let seed = -1;
  for (let tries = 0; tries < 50 && seed < 0; tries++) {
    const c = inst.customers[rng.int(inst.customers.length)];
    if (s.routeOf[c] >= 0) seed = c;
  }
  if (seed < 0) return removed;
  const ruined = new Set<number>();
  const nb = inst.neighbours[seed];
  for (let i = -1; i < nb.length && ruined.size < ks; i++) {
    const c = i < 0 ? seed : nb[i];
    const k = s.routeOf[c];
    if (k < 0 || ruined.has(k)) continue;
    ruined.add(k);
    touchRoute(s, k);
    const r = s.routes[k];
    const card = size(r);
    const l = Math.floor(rng.range(1, Math.min(card, lsMax) + 1));
    if (rng.next() < SPLIT_RATE && l < card) removeSplitString(inst, s, k, c, l, card, rng, removed);
    else removeString(inst, s, k, c, l, card, rng, removed);
    refreshRoute(inst, s, k, true);
  }
  return removed;
}

function removeString(inst: Instance, s: Sol, k: number, c: number, l: number, card: number, rng: Rng, out: number[]): void {
  const pos = s.posOf[c];
  const lo = Math.max(1, pos - l + 1);
  const hi = Math.min(pos, card - l + 1);
  const start = lo + rng.int(hi - lo + 1);
  const seq = s.routes[k].seq;
  let kept: number[] | null = null;
  for (const x of seq.splice(start, l)) {
    // multi-trip: unload visits stay, so the trips around them keep fitting (refresh tidies them)
    if (x === inst.unload) (kept ??= []).push(x);
    else { s.routeOf[x] = -1; out.push(x); }
  }
  if (kept) seq.splice(start, 0, ...kept);
}

/** Removes l customers out of a string of l+m around c, keeping m consecutive ones in the middle. */
function removeSplitString(inst: Instance, s: Sol, k: number, c: number, l: number, card: number, rng: Rng, out: number[]): void {
  let m = 1;
  while (l + m < card && rng.next() > SPLIT_DEPTH) m++;
  const total = l + m;
  const pos = s.posOf[c];
  const lo = Math.max(1, pos - total + 1);
  const hi = Math.min(pos, card - total + 1);
  const start = lo + rng.int(hi - lo + 1);
  const keepFrom = start + rng.int(l + 1);
  const seq = s.routes[k].seq;
  const kept: number[] = [];
  for (let p = start; p < start + total; p++) {
    const x = seq[p];
    if ((p >= keepFrom && p < keepFrom + m) || x === inst.unload) kept.push(x);
    else { s.routeOf[x] = -1; out.push(x); }
  }
  seq.splice(start, total, ...kept);
}
