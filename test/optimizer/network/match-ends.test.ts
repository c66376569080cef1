import { describe, expect, it } from 'vitest';
import { settleTrackEnds } from '../../../optimizer/network/match-ends.js';
import { metresPerDegree } from '../../../optimizer/util/geo.js';
import type { DrivenPiece, TrackPoint } from '../../../optimizer/network/match-steps.js';
import type { SnapResult } from '../../../optimizer/network/snapper.js';
import { parseAsciiMap } from './ascii-map.js';

// a straight street through junctions B and C, 350 m each (14 cells of 25 m)
const { net, id } = parseAsciiMap(`
  A-------------B-------------C-------------D
`);
const seg = (a: string, b: string): number => net.segments.find((s) => s.from === id[a] && s.to === id[b])!.id;
const [ab, bc, cd] = [seg('A', 'B'), seg('B', 'C'), seg('C', 'D')];
const LEN = 350;
const b = net.nodes[id.B];
const { mLon } = metresPerDegree(b.lat);

/** Where along the street (metres from B) a position lies, as a matched point. */
function pointAt(x: number): SnapResult {
  const [segmentId, f] = x < 0 ? [ab, 1 + x / LEN] : x <= LEN ? [bc, x / LEN] : [cd, (x - LEN) / LEN];
  return { segmentId, fraction: f, distM: 0, lat: b.lat, lon: b.lon + x / mLon, bearingDeg: 90 };
}

/**
 * What the matcher would hand over for a vehicle at 10 m/s with fixes at `xs` metres past B, the fixes matched at `seen` (the first and last differ by GPS noise), `still` more fixes
 * standing 5 s apart at each end (no point: left out); pieces from the first matched point to the last.
 */
function matched(xs: number[], seen: number[], still = 0) {
  const track: TrackPoint[] = [];
  const points: (SnapResult | null)[] = [];
  const add = (x: number, timeS: number, kmh: number, p: SnapResult | null): void => {
    track.push({ lat: b.lat, lon: b.lon + x / mLon, timeS, speedKmh: kmh });
    points.push(p);
  };
  const t0 = 5 * still;
  const t1 = t0 + (xs[xs.length - 1] - xs[0]) / 10;
  for (let k = 0; k < still; k++) add(xs[0], 5 * k, 0, null);
  xs.forEach((x, k) => add(x, t0 + (x - xs[0]) / 10, 36, pointAt(seen[k])));
  for (let k = 1; k <= still; k++) add(xs[xs.length - 1], t1 + 5 * k, 0, null);
  const f0 = still;
  const f1 = still + xs.length - 1;
  const from = seen[0];
  const to = seen[seen.length - 1];
  const pieces: DrivenPiece[] = [];
  if (from < 0) pieces.push({ segmentId: ab, from: 1 + from / LEN, to: 1, fromFix: f0, toFix: f0 + 1 });
  pieces.push({ segmentId: bc, from: Math.max(0, from) / LEN, to: Math.min(LEN, to) / LEN, fromFix: f0, toFix: f1 });
  if (to > LEN) pieces.push({ segmentId: cd, from: 0, to: (to - LEN) / LEN, fromFix: f1 - 1, toFix: f1 });
  return { track, points, pieces };
}

const segs = (ps: DrivenPiece[]): number[] => ps.map((p) => p.segmentId);
// the vehicle drives 5 m past B to 5 m before C
const XS = Array.from({ length: 8 }, (_, k) => 5 + (k * 340) / 7);

describe('settleTrackEnds', () => {
  it('drops stubs beyond the junctions a track starts and ends at when the reckoning puts the vehicle on the near side', () => {
    // the first fix seen 7 m before B, the last 7 m past C; the others where the vehicle was
    const seen = XS.map((x, k) => (k === 0 ? -7 : k === XS.length - 1 ? LEN + 7 : x));
    const m = matched(XS, seen);
    expect(segs(m.pieces)).toEqual([ab, bc, cd]);
    expect(segs(settleTrackEnds(net, m.pieces, m.points, m.track, 10))).toEqual([bc]);
    // the same when the truck stood at both ends: those fixes have no point and do not count
    const s = matched(XS, seen, 6);
    expect(segs(settleTrackEnds(net, s.pieces, s.points, s.track, 10))).toEqual([bc]);
  });

  it('keeps them when the vehicle was there, when the fixes carry no speeds, and beyond 3 sigma', () => {
    // really from 12 m before B to 12 m past C, seen there
    const xs = Array.from({ length: 8 }, (_, k) => -12 + (k * 374) / 7);
    const m = matched(xs, xs);
    expect(segs(settleTrackEnds(net, m.pieces, m.points, m.track, 10))).toEqual([ab, bc, cd]);
    // the noisy case without speeds: nothing to reckon with
    const seen = XS.map((x, k) => (k === 0 ? -7 : k === XS.length - 1 ? LEN + 7 : x));
    const n = matched(XS, seen);
    const noSpeeds = n.track.map(({ speedKmh: _, ...p }) => p);
    expect(segs(settleTrackEnds(net, n.pieces, n.points, noSpeeds, 10))).toEqual([ab, bc, cd]);
    // a 25 m stub (the first fix 45 m behind a truck 20 m past B) is not within 3 sigma of the junction at 8 m of noise, but is at 10 m
    const xs20 = XS.map((x) => x + 15);
    const far = matched(xs20, xs20.map((x, k) => (k === 0 ? -25 : x)));
    expect(segs(settleTrackEnds(net, far.pieces, far.points, far.track, 8))).toEqual([ab, bc, cd]);
    expect(segs(settleTrackEnds(net, far.pieces, far.points, far.track, 10))).toEqual([bc, cd]);
  });
});
