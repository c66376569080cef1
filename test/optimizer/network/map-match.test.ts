import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../optimizer/network/graph.js';
import { createTrackMatcher } from '../../../optimizer/network/map-match.js';
import { planRoute } from '../../../optimizer/network/plan-route.js';
import { createSnapper } from '../../../optimizer/network/snapper.js';
import { bearingDeg, haversineM, metresPerDegree } from '../../../optimizer/util/geo.js';
import { createRng } from '../../../optimizer/util/rng.js';
import type { TrackPoint } from '../../../optimizer/network/map-match.js';
import type { RoadNetwork } from '../../../optimizer/network/types.js';
import { addSegment, parseAsciiMap } from './ascii-map.js';

/** Fixes every stepM metres along a polyline, pushed off the road by seeded GPS noise. */
function drive(points: [number, number][], stepM: number, sigmaM: number, seed: number): TrackPoint[] {
  const rng = createRng(seed);
  const { mLat, mLon } = metresPerDegree(points[0][0]);
  const out: TrackPoint[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [la1, lo1] = points[i];
    const [la2, lo2] = points[i + 1];
    const len = haversineM(la1, lo1, la2, lo2);
    const heading = bearingDeg(la1, lo1, la2, lo2);
    for (let d = i === 0 ? 0 : stepM / 2; d < len; d += stepM) {
      const t = d / len;
      out.push({
        lat: la1 + t * (la2 - la1) + (rng.normal() * sigmaM) / mLat,
        lon: lo1 + t * (lo2 - lo1) + (rng.normal() * sigmaM) / mLon,
        headingDeg: heading,
        speedKmh: 15,
      });
    }
  }
  return out;
}

/** Points every stepM metres along a polyline (the first at its start), with the course there. */
function walk(points: [number, number][], stepM: number): TrackPoint[] {
  const out: TrackPoint[] = [];
  let due = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const [la1, lo1] = points[i];
    const [la2, lo2] = points[i + 1];
    const len = haversineM(la1, lo1, la2, lo2);
    for (; due <= len; due += stepM) out.push({ lat: la1 + (due / len) * (la2 - la1), lon: lo1 + (due / len) * (lo2 - lo1), headingDeg: bearingDeg(la1, lo1, la2, lo2) });
    due -= len;
  }
  return out;
}

function argminBy<T>(xs: readonly T[], f: (x: T) => number): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (f(xs[i]) < f(xs[best])) best = i;
  return best;
}

/**
 * Arterial A-B and street B-D meet at B; a one-way slip road E->F (71 m) cuts the corner E-B-F
 * (100 m), as OSM draws turning lanes at big junctions; the route A -> F -> D takes it.
 */
function slipRoadJunction() {
  const { net, id } = parseAsciiMap(`
      A=========E=B
                  |
                  F
                  |
                  |
                  D
    `);
  const slip = addSegment(net, id.E, id.F, 'local', true).id;
  const g = buildGraph(net);
  const matcher = createTrackMatcher(net, g, createSnapper(net));
  return { net, id, slip, matcher, route: planRoute(net, g, [id.A, id.F, id.D]) };
}

function segOf(net: RoadNetwork, id: Record<string, number>, a: string, b: string): number {
  return net.segments.find((s) => (s.from === id[a] && s.to === id[b]) || (s.from === id[b] && s.to === id[a]))!.id;
}

describe('createTrackMatcher', () => {
  it('follows a noisy drive round a corner and reports what was driven', () => {
    const { net, id } = parseAsciiMap(`
      A-------B-------C
      |       |       |
      |       |       |
      D-------E-------F
    `);
    const g = buildGraph(net);
    const matcher = createTrackMatcher(net, g, createSnapper(net));
    const route = planRoute(net, g, [id.A, id.B, id.E, id.F]);
    const track = drive(route.points, 12, 6, 5);
    const m = matcher.match(track);
    const driven = new Set([segOf(net, id, 'A', 'B'), segOf(net, id, 'B', 'E'), segOf(net, id, 'E', 'F')]);
    expect(m.breaks).toEqual([]);
    for (const p of m.points) expect(driven.has(p!.segmentId)).toBe(true);
    expect(m.pieces.map((p) => p.segmentId)).toEqual([...driven]);
    // the middle street was driven end to end, A->B from near its start
    expect(m.pieces[1]).toMatchObject({ from: 0, to: 1 });
    expect(m.pieces[0].from).toBeLessThan(0.1);
    expect(m.pieces[0].to).toBe(1);
  });

  it('keeps to the street driven when fixes stray towards a parallel one', () => {
    // two 750 m streets 50 m apart, joined only at their ends
    const { net, id } = parseAsciiMap(`
      A------------------------------B
      |                              |
      C------------------------------D
    `);
    const g = buildGraph(net);
    const snapper = createSnapper(net);
    const route = planRoute(net, g, [id.A, id.B]);
    const track = drive(route.points, 20, 3, 8);
    const { mLat } = metresPerDegree(track[0].lat);
    // multipath: three fixes mid-street land 30 m south, nearer C-D than A-B
    for (const i of [17, 18, 19]) track[i].lat -= 30 / mLat;
    const ab = segOf(net, id, 'A', 'B');
    const cd = segOf(net, id, 'C', 'D');
    for (const i of [17, 18, 19]) expect(snapper.nearestSegment(track[i].lat, track[i].lon)!.segmentId).toBe(cd);
    const m = createTrackMatcher(net, g, snapper).match(track);
    for (const p of m.points) expect(p!.segmentId).toBe(ab);
    expect(m.pieces).toHaveLength(1);
    expect(m.pieces[0].segmentId).toBe(ab);
  });

  it('skips fixes far from any road and restarts after a jump', () => {
    const { net, id } = parseAsciiMap(`
      A-------B   C-------D
    `);
    const g = buildGraph(net);
    const m = createTrackMatcher(net, g, createSnapper(net));
    const a = net.nodes[id.A];
    const c = net.nodes[id.C];
    const d = net.nodes[id.D];
    const res = m.match([
      { lat: a.lat, lon: a.lon + 0.0003 },
      { lat: a.lat + 0.01, lon: a.lon }, // 1 km off: no road near
      { lat: c.lat, lon: (c.lon + d.lon) / 2 }, // on another, unconnected street
      { lat: d.lat, lon: d.lon - 0.0001 },
    ]);
    expect(res.points[0]!.segmentId).toBe(segOf(net, id, 'A', 'B'));
    expect(res.points[1]).toBeNull();
    expect(res.points[2]!.segmentId).toBe(segOf(net, id, 'C', 'D'));
    expect(res.breaks).toEqual([2]);
    expect(res.pieces).toHaveLength(1);
    expect(res.pieces[0].segmentId).toBe(segOf(net, id, 'C', 'D'));
    expect(m.match([]).points).toEqual([]);
  });

  it('does not invent a loop when a truck\'s fixes jitter backwards on a one-way street, at once or a little at a time', () => {
    const { net, id } = parseAsciiMap(`
      A------>B
      |       |
      C-------D
    `);
    const g = buildGraph(net);
    const ab = net.nodes[id.A];
    const bb = net.nodes[id.B];
    const at = (f: number): TrackPoint => ({ lat: ab.lat, lon: ab.lon + f * (bb.lon - ab.lon) });
    const matcher = createTrackMatcher(net, g, createSnapper(net));
    // a stopped truck; then a slow one whose steps back are each jitter, but together go further
    // back than jitter from where the stretch started
    for (const [fractions, to] of [[[0.3, 0.5, 0.49, 0.5, 0.7], 0.7], [[0.3, 0.5, 0.45, 0.4, 0.35, 0.6, 0.8], 0.8]] as const) {
      const m = matcher.match(fractions.map(at));
      expect(m.pieces).toHaveLength(1);
      expect(m.pieces[0].segmentId).toBe(segOf(net, id, 'A', 'B'));
      expect(m.pieces[0].from).toBeCloseTo(0.3, 6);
      expect(m.pieces[0].to).toBeCloseTo(to, 6);
    }
  });

  it('leaves out the fixes of a truck standing at a light, whose receiver reports no speed', () => {
    const { net, id } = parseAsciiMap(`
      A------>B------>E
      |       |
      C-------D
    `);
    const g = buildGraph(net);
    const matcher = createTrackMatcher(net, g, createSnapper(net));
    const a = net.nodes[id.A];
    const e = net.nodes[id.E];
    const { mLat, mLon } = metresPerDegree(a.lat);
    const rng = createRng(3);
    // 10 m/s along A -> E with a fix a second, 60 s standing 100 m before B with 8 m of noise
    const track: TrackPoint[] = [];
    let t = 0;
    for (let x = 20; x <= 380; x += 10, t++) {
      if (x === 100) for (let k = 0; k < 60; k++, t++) track.push({ lat: a.lat + (rng.normal() * 8) / mLat, lon: a.lon + (x + rng.normal() * 8) / mLon, timeS: t, speedKmh: Math.abs(rng.normal()), headingDeg: rng.next() * 360 });
      track.push({ lat: a.lat, lon: a.lon + x / mLon, timeS: t, speedKmh: 36, headingDeg: 90 });
    }
    expect(haversineM(a.lat, a.lon, e.lat, e.lon)).toBeCloseTo(400, 0);
    const m = matcher.match(track);
    const ab = segOf(net, id, 'A', 'B');
    const be = segOf(net, id, 'B', 'E');
    expect(m.breaks).toEqual([]);
    expect(m.pieces.map((p) => p.segmentId)).toEqual([ab, be]);
    expect(m.pieces[0].from).toBeCloseTo(0.1, 2);
    expect(m.pieces[1].to).toBeCloseTo(0.9, 2);
    // a standing fix is placed where the truck stood: on A-B, within the noise of 100 m from A
    const stood = track.map((p, k) => k).filter((k) => track[k].speedKmh! < 3);
    expect(stood).toHaveLength(60);
    for (const k of stood) {
      expect(m.points[k]!.segmentId).toBe(ab);
      expect(Math.abs(m.points[k]!.fraction * net.segments[ab].lengthM - 100)).toBeLessThan(30);
    }
    // a terminal that leaves the speed at 0 while driving is not taken as standing: the drive is all there
    const zero = track.filter((p) => p.speedKmh! > 3).map((p) => ({ ...p, speedKmh: 0 }));
    expect(matcher.match(zero).pieces.map((p) => p.segmentId)).toEqual([ab, be]);
  });

  it('takes a short slip road past the corner of a junction, not the corner', () => {
    const { net, id, slip, matcher, route } = slipRoadJunction();
    expect(route.segmentIds).toContain(slip);
    for (const seed of [1, 2, 3, 4, 5]) {
      const m = matcher.match(drive(route.points, 15, 8, seed), { sigmaM: 8 });
      expect(m.pieces.map((p) => p.segmentId).filter((s, i, a) => a[i - 1] !== s)).toEqual(route.segmentIds);
    }
  });

  it('keeps to its own carriageway of a dual road 25 m apart', () => {
    // two one-way carriageways, joined at the ends; fixes scatter across both
    const { net, id } = parseAsciiMap(`
      A>>>>>>>>>>>>>>>>>>>>B
      C<<<<<<<<<<<<<<<<<<<<D
    `);
    addSegment(net, id.B, id.D, 'local', false);
    addSegment(net, id.C, id.A, 'local', false);
    const g = buildGraph(net);
    const matcher = createTrackMatcher(net, g, createSnapper(net));
    const east = segOf(net, id, 'A', 'B');
    const west = segOf(net, id, 'C', 'D');
    const route = planRoute(net, g, [id.A, id.B, id.D, id.C]);
    for (const seed of [1, 2, 3]) {
      const track = drive(route.points, 20, 10, seed);
      const m = matcher.match(track, { sigmaM: 10 });
      const segs = m.pieces.map((p) => p.segmentId).filter((s, i, a) => a[i - 1] !== s);
      expect(segs[0]).toBe(east);
      expect(segs.at(-1)).toBe(west);
      expect(segs.filter((s) => s === east || s === west)).toEqual([east, west]);
    }
  });

  it('finds the other pass of a loop ramp that runs back beside itself', () => {
    // a one-way ramp leaves A east for 300 m, turns and comes back 25 m north of itself to B
    const { net, id } = parseAsciiMap(`
      C---------B
      D---------A
    `);
    const a = net.nodes[id.A];
    const b = net.nodes[id.B];
    const { mLon } = metresPerDegree(a.lat);
    const ramp = addSegment(net, id.A, id.B, 'local', true);
    ramp.geometry = [[a.lat, a.lon], [a.lat, a.lon + 300 / mLon], [b.lat, b.lon + 300 / mLon], [b.lat, b.lon]];
    ramp.lengthM = 625;
    const g = buildGraph(net);
    const snapper = createSnapper(net);
    const route = planRoute(net, g, [id.D, id.A, id.B, id.C]);
    expect(route.segmentIds).toContain(ramp.id);
    const track = drive(route.points, 25, 0, 1);
    // on the way back, 100 m short of B, one fix strays 15 m south: nearer the outbound leg
    const k = track.findIndex((p) => Math.abs(p.lat - b.lat) < 1e-7 && p.lon > b.lon + 85 / mLon && p.lon < b.lon + 115 / mLon && p.headingDeg! > 180);
    expect(k).toBeGreaterThan(0);
    track[k] = { ...track[k], lat: track[k].lat - 15 / 111195 };
    expect(snapper.nearestSegment(track[k].lat, track[k].lon)!.fraction).toBeLessThan(0.5);
    const m = createTrackMatcher(net, g, snapper).match(track, { sigmaM: 8 });
    expect(m.breaks).toEqual([]);
    expect(m.points[k]!.segmentId).toBe(ramp.id);
    expect(m.points[k]!.fraction).toBeGreaterThan(0.5);
    expect(m.pieces.map((p) => p.segmentId).filter((s, i, all) => all[i - 1] !== s)).toEqual(route.segmentIds);
  });

  it('places the start and the end of a track from the speeds when fixes carry times', () => {
    // a straight street through junctions B and C; the drive runs B -> C only, at 10 m/s
    const { net, id } = parseAsciiMap(`
      A-------------B-------------C-------------D
    `);
    const g = buildGraph(net);
    const matcher = createTrackMatcher(net, g, createSnapper(net));
    const b = net.nodes[id.B];
    const c = net.nodes[id.C];
    const { mLon } = metresPerDegree(b.lat);
    const bcM = haversineM(b.lat, b.lon, c.lat, c.lon);
    // eight fixes at 10 m/s from `startM` past B (negative: before it) to `endM`; the first fix is
    // `firstOffM` and the last `lastOffM` along the street from where the vehicle was
    const track = (startM: number, endM: number, firstOffM: number, lastOffM: number): TrackPoint[] => {
      const stepM = (endM - startM) / 7;
      const out = Array.from({ length: 8 }, (_, k): TrackPoint => ({ lat: b.lat, lon: b.lon + (startM + k * stepM) / mLon, timeS: 1000 + k * (stepM / 10), speedKmh: 36, headingDeg: 90 }));
      out[0].lon += firstOffM / mLon;
      out[7].lon += lastOffM / mLon;
      return out;
    };
    const segs = (ps: { segmentId: number }[]): number[] => ps.map((p) => p.segmentId);
    const [ab, bc, cd] = [segOf(net, id, 'A', 'B'), segOf(net, id, 'B', 'C'), segOf(net, id, 'C', 'D')];
    const untimed = (ps: TrackPoint[]): TrackPoint[] => ps.map(({ timeS: _, ...p }) => p);

    // the vehicle starts 5 m past B and stops 5 m before C; noise puts the first fix 7 m before B, the last 7 m past C
    const noisy = track(5, 345, -12, 12);
    expect(bcM).toBeCloseTo(350, 0);
    expect(segs(matcher.match(untimed(noisy)).pieces)).toEqual([ab, bc, cd]);
    // the later fixes and the speed driven between them say it started after B and stopped before C
    const settled = matcher.match(noisy).pieces;
    expect(segs(settled)).toEqual([bc]);
    expect(settled[0]).toMatchObject({ from: 0 });

    // a drive that really starts 20 m before B and ends 20 m past C keeps both ends
    expect(segs(matcher.match(track(-20, 370, 0, 0)).pieces)).toEqual([ab, bc, cd]);
    // times without speeds tell nothing
    expect(segs(matcher.match(noisy.map(({ speedKmh: _, ...p }) => p)).pieces)).toEqual([ab, bc, cd]);
  });

  it('reads how far the vehicle went from the speeds it reports: the slip road, though a fix lies nearer the corner', () => {
    // one fix on the slip road lies 18 m off it towards B, nearer both arms of the corner than the slip road itself
    const { net, id, slip, matcher, route } = slipRoadJunction();
    // a fix every 5 s at 10 m/s, on the road but for the one on the slip road; no course (it would tell the slip road's diagonal from the corner's arms)
    const track = walk(route.points, 50).map(({ headingDeg: _, ...p }, k): TrackPoint => ({ ...p, timeS: 5 * k, speedKmh: 36 }));
    const e = net.nodes[id.E];
    const f = net.nodes[id.F];
    const b = net.nodes[id.B];
    const mid = { lat: (e.lat + f.lat) / 2, lon: (e.lon + f.lon) / 2 };
    const k = argminBy(track, (p) => haversineM(p.lat, p.lon, mid.lat, mid.lon));
    expect(haversineM(track[k].lat, track[k].lon, mid.lat, mid.lon)).toBeLessThan(25);
    const towardB = 18 / haversineM(mid.lat, mid.lon, b.lat, b.lon);
    track[k] = { ...track[k], lat: track[k].lat + towardB * (b.lat - mid.lat), lon: track[k].lon + towardB * (b.lon - mid.lon) };
    const segs = (ps: TrackPoint[]): number[] => matcher.match(ps).pieces.map((p) => p.segmentId).filter((s, i, a) => a[i - 1] !== s);
    // by positions alone the corner wins; the distance the speeds account for is the slip road's
    expect(segs(track.map(({ timeS: _, ...p }) => p))).not.toContain(slip);
    expect(segs(track)).toEqual(route.segmentIds);
  });

  describe('follow (online)', () => {
    it('decides what is pending while a truck stands, not when it moves on', () => {
      // two roads fork at A, 25 m apart at their ends 200 m on; the truck drives between them
      // (each as likely) for 120 m and stands: which one stays open until it moves on
      const { net, id } = parseAsciiMap(`
        C
        A-------B
      `);
      addSegment(net, id.A, id.C, 'local', false);
      const g = buildGraph(net);
      const f = createTrackMatcher(net, g, createSnapper(net)).follow({ maxLag: 10 });
      const a = net.nodes[id.A];
      const { mLat, mLon } = metresPerDegree(a.lat);
      const at = (x: number, timeS: number, speedKmh: number): TrackPoint => ({ lat: a.lat + x / 16 / mLat, lon: a.lon + x / mLon, timeS, speedKmh });
      const track = [...Array.from({ length: 13 }, (_, k) => at(10 * k, k, 36)), ...Array.from({ length: 30 }, (_, k) => at(120, 13 + k, 0))];
      let drivenM = 0;
      for (const p of track) for (const q of f.push(p).pieces) drivenM += Math.abs(q.to - q.from) * net.segments[q.segmentId].lengthM;
      // all 120 m while it stands (with the stop undecided, the last 20 m waited for the next move)
      expect(drivenM).toBeGreaterThan(115);
      expect(f.flush().pieces).toEqual([]);
    });

    const { net, id } = parseAsciiMap(`
      A-------B-------C
      |       |       |
      D-------E-------F
      |       |       |
      G-------H-------I
    `);
    const g = buildGraph(net);
    const matcher = createTrackMatcher(net, g, createSnapper(net));
    const route = planRoute(net, g, [id.A, id.C, id.I, id.G, id.E]);
    const track = drive(route.points, 10, 7, 12);

    it('decides the same as the whole-track match, and keeps up with the fixes', () => {
      const whole = matcher.match(track);
      const f = matcher.follow({ maxLag: 8 });
      const points: (number | null)[] = track.map(() => null);
      const segs: number[] = [];
      track.forEach((p, i) => {
        const step = f.push(p);
        for (const q of step.points) points[q.fix] = q.snap.segmentId;
        for (const q of step.pieces) if (segs.at(-1) !== q.segmentId) segs.push(q.segmentId);
        // never more than maxLag + 1 fixes undecided
        expect(points.slice(0, Math.max(0, i - 8)).every((x) => x !== null)).toBe(true);
      });
      for (const q of f.flush().points) points[q.fix] = q.snap.segmentId;
      expect(points).toEqual(whole.points.map((p) => p!.segmentId));
      const wholeSegs = whole.pieces.map((p) => p.segmentId).filter((s, i, a) => a[i - 1] !== s);
      expect(segs).toEqual(wholeSegs);
      // and the route driven, without jitter back-and-forth at the corners
      expect(wholeSegs).toEqual(route.segmentIds);
    });

    it('numbers fixes in push order and carries on across a flush', () => {
      const f = matcher.follow();
      const first = track.slice(0, 20).map((p) => f.push(p));
      const mid = f.flush();
      const rest = [...track.slice(20).map((p) => f.push(p)), f.flush()];
      const all = [...first, mid, ...rest];
      const fixes = all.flatMap((s) => s.points.map((p) => p.fix)).sort((a, b) => a - b);
      expect(fixes).toEqual(track.map((_, i) => i));
      const pieces = all.flatMap((s) => s.pieces);
      expect(all.flatMap((s) => s.breaks)).toEqual([]);
      // a stretch joins fix 19 to fix 20, across the flush
      expect(pieces.some((p) => p.fromFix <= 19 && p.toFix >= 20)).toBe(true);
      for (const p of pieces) expect(p.toFix).toBeGreaterThan(p.fromFix);
    });
  });
});
