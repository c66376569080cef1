import { NO_PACE, addPace, paceBetween, pacedStep } from './match-pace.js';
import type { DrivenPiece, TrackPoint } from './match-steps.js';
import type { SnapResult } from './snapper.js';
import type { RoadNetwork } from './types.js';

/**
 * Where a track starts and ends, by dead reckoning. A lone fix near a junction is as likely to
 * lie before it as after it, so the matcher often reports a few metres of the road on the far side
 * of the junction the vehicle started from or stopped at. Fixes carrying a time and the speed the
 * receiver reports tell more: the distance driven from the first fix to each of the next ones is
 * about the speeds integrated over the time between (match-pace.ts), so each later fix, less that
 * distance, is another estimate of where along the matched path the first fix was. Their weighted
 * mean with the first fix's own position is some sqrt(k) times surer than it alone; a stub ending
 * at the junction and shorter than how far the estimate moves the start lies, more likely than
 * not, before where the vehicle was, and is dropped. The same at the last fix, looking back.
 *
 * Only stubs within 3 sigma of the junction are dropped, never a drive's worth, and nothing is
 * added: adding the road on the near side when the estimate puts the vehicle there (a stricter
 * two standard deviations, the nearest road meeting the junction) was tried, and it cost more on
 * drives starting at junctions than it gained on drives starting mid-block (bench/RESULTS.md).
 */
export function settleTrackEnds(net: RoadNetwork, pieces: DrivenPiece[], points: readonly (SnapResult | null)[], track: readonly TrackPoint[], sigmaM: number): DrivenPiece[] {
  if (pieces.length < 2) return pieces;
  const lens = pieces.map((p) => Math.abs(p.to - p.from) * net.segments[p.segmentId].lengthM);
  // along-path position of fix k: where its matched point lies on the pieces, searching from the pieces the fix borders
  const posOf = (k: number): number | null => {
    const snap = points[k];
    if (!snap) return null;
    let before = 0;
    for (let i = 0; i < pieces.length; before += lens[i], i++) {
      const p = pieces[i];
      if (p.toFix < k || p.fromFix > k || p.segmentId !== snap.segmentId) continue;
      // the route's fractions and the snap's may differ in the last digits
      const lo = Math.min(p.from, p.to) - 1e-4;
      const hi = Math.max(p.from, p.to) + 1e-4;
      if (snap.fraction >= lo && snap.fraction <= hi) return before + net.segments[p.segmentId].lengthM * Math.min(Math.abs(snap.fraction - p.from), Math.abs(p.to - p.from));
    }
    return null;
  };
  const maxStubM = 3 * sigmaM;
  const out = pieces.slice();
  // the first and last fix matched: a track often starts and ends standing, and those fixes have no point
  const firstFix = points.findIndex((p) => p !== null);
  const lastFix = points.findLastIndex((p) => p !== null);
  const first = pieces[0];
  if (first.fromFix === firstFix && endsAtNode(first, 'to') && lens[0] < maxStubM) {
    // > 0 when the vehicle was further along than the first fix's matched point
    const shift = meanShift(track, firstFix, 1, posOf, sigmaM);
    if (shift !== null && shift > lens[0]) out.shift();
  }
  const lastIx = pieces.length - 1;
  const last = pieces[lastIx];
  if (out.length > 1 && last.toFix === lastFix && endsAtNode(last, 'from') && lens[lastIx] < maxStubM) {
    // < 0 when the last fix's matched point lies further along than the vehicle got
    const shift = meanShift(track, lastFix, -1, posOf, sigmaM);
    if (shift !== null && -shift > lens[lastIx]) out.pop();
  }
  return out;
}

/** A piece that starts (`from`) or ends (`to`) at one of its segment's nodes. */
function endsAtNode(p: DrivenPiece, side: 'from' | 'to'): boolean {
  const f = side === 'to' ? p.to : p.from;
  return f <= 1e-9 || f >= 1 - 1e-9;
}

/** At most this many later fixes, over at most this long: dead reckoning drifts with time. */
const WINDOW_FIXES = 10;
const WINDOW_S = 60;

/**
 * Where along the path the vehicle was at fix `end`, relative to its matched point (positive:
 * further along), from the fix itself and each fix of the window walking `step` from `end` less
 * the dead-reckoned distance: a mean weighted by each estimate's variance, sigma^2 for the fix's
 * own error plus that of each interval dead-reckoned (the speed changes between fixes). Null when
 * the fixes cannot tell.
 */
function meanShift(track: readonly TrackPoint[], end: number, step: 1 | -1, posOf: (k: number) => number | null, sigmaM: number): number | null {
  const s0 = posOf(end);
  const t0 = track[end].timeS;
  if (s0 === null || t0 === undefined || track[end].speedKmh === undefined) return null;
  const own = 1 / (sigmaM * sigmaM);
  let sum = 0;
  let weights = own;
  let pace = NO_PACE;
  for (let k = end + step, i = 1; k >= 0 && k < track.length && i <= WINDOW_FIXES; k += step, i++) {
    // in time order, whichever way the window walks
    const more = addPace(pace, step === 1 ? paceBetween(track[k - 1], track[k]) : paceBetween(track[k], track[k + 1]));
    const tk = track[k].timeS;
    // speeds that cannot account for how far apart the fixes are (a field left at 0) end it too
    if (!more || tk === undefined || Math.abs(tk - t0) > WINDOW_S || !pacedStep(more, track[end], track[k], sigmaM)) break;
    pace = more;
    // a fix standing still or off the road has no matched point, but the reckoning goes on past it
    const sk = posOf(k);
    if (sk === null) continue;
    const w = 1 / (sigmaM * sigmaM + pace.varM2);
    sum += w * ((sk - s0) * step - pace.distM);
    weights += w;
  }
  if (weights === own) return null;
  return (sum / weights) * step;
}

