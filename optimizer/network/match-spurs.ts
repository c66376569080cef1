import { haversineM } from '../util/geo.js';
import { appendPiece } from './match-steps.js';
import type { DrivenPiece } from './match-steps.js';
import type { RoadNetwork } from './types.js';

/** Passes driven pieces on in order, dropping short excursions that come straight back. */
export interface SpurFilter {
  push(p: DrivenPiece, out: DrivenPiece[]): void;
  /** pass on whatever is held (end of a chain) */
  release(out: DrivenPiece[]): void;
}

/**
 * At a junction a noisy fix can lie nearer a side street than the road driven, and the best path
 * then pokes into the side street (or through it into the next one) and comes straight back; at a
 * junction of two dual carriageways OSM draws a little box of one-way links, and the path can run
 * round the box back to where it entered. No vehicle does either, so an excursion that returns
 * to the junction it left goes, as long as it never gets farther than `radiusM` from the junction
 * (all of it could be GPS noise) and is at most `maxM` long. Pieces that may start such an
 * excursion are held until it is clear whether the path comes back.
 */
export function createSpurFilter(net: RoadNetwork, radiusM: number, maxM: number): SpurFilter {
  // the excursion so far, each piece continuing from the one before; empty when none is open
  const held: DrivenPiece[] = [];
  let heldM = 0;
  let origin = -1; // the junction the excursion left from
  const lenOf = (p: DrivenPiece): number => Math.abs(p.to - p.from) * net.segments[p.segmentId].lengthM;
  const near = (s: number, f: number, g: number): boolean => Math.abs(f - g) * net.segments[s].lengthM <= 0.5;
  /** node at fraction f of segment s, or -1 when f is not at either end */
  const nodeAt = (s: number, f: number): number => (near(s, f, 0) ? net.segments[s].from : near(s, f, 1) ? net.segments[s].to : -1);
  /** straight-line metres from a node to the spot at fraction f of segment s (chord between its ends) */
  const reach = (v: number, s: number, f: number): number => {
    const a = net.nodes[net.segments[s].from];
    const b = net.nodes[net.segments[s].to];
    const o = net.nodes[v];
    return haversineM(o.lat, o.lon, a.lat + f * (b.lat - a.lat), a.lon + f * (b.lon - a.lon));
  };
  const fits = (p: DrivenPiece, from: number, extraM: number): boolean => heldM + extraM <= maxM && reach(from, p.segmentId, p.to) <= radiusM;
  const flush = (out: DrivenPiece[]): void => {
    for (const h of held) appendPiece(out, h);
    held.length = 0;
    heldM = 0;
    origin = -1;
  };
  const clear = (): void => {
    held.length = 0;
    heldM = 0;
    origin = -1;
  };
  /** Hold p, or close the excursion when p brings it back to where it began. */
  const hold = (p: DrivenPiece): void => {
    held.push({ ...p });
    heldM += lenOf(p);
    if (nodeAt(p.segmentId, p.to) === origin) clear();
  };
  const start = (p: DrivenPiece, out: DrivenPiece[]): void => {
    const v = nodeAt(p.segmentId, p.from);
    if (v >= 0 && lenOf(p) <= maxM && reach(v, p.segmentId, p.to) <= radiusM) {
      origin = v;
      hold(p);
    } else appendPiece(out, p);
  };
  return {
    push(p, out) {
      if (p.from === p.to) return;
      const top = held[held.length - 1];
      if (!top) return start(p, out);
      const dir = Math.sign(p.to - p.from);
      if (top.segmentId === p.segmentId && near(p.segmentId, p.from, top.to)) {
        const lo = Math.min(top.from, top.to);
        const hi = Math.max(top.from, top.to);
        if (Math.sign(top.to - top.from) !== dir && p.to >= lo - 1e-9 && p.to <= hi + 1e-9) {
          // coming back the way it went: the excursion shrinks, and is gone once back at its start
          held.pop();
          heldM -= lenOf(top);
          if (!near(p.segmentId, p.to, top.from)) hold({ ...top, to: p.to, toFix: p.toFix });
          else if (held.length === 0) clear();
          return;
        }
        if (Math.sign(top.to - top.from) === dir && fits(p, origin, lenOf(p))) {
          // deeper along the same way
          held.pop();
          heldM -= lenOf(top);
          hold({ ...top, to: p.to, toFix: p.toFix });
          return;
        }
      } else if (nodeAt(p.segmentId, p.from) >= 0 && fits(p, origin, lenOf(p))) {
        hold(p);
        return;
      }
      flush(out);
      start(p, out);
    },
    release: flush,
  };
}
