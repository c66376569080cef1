import { describe, expect, it } from 'vitest';
import { NO_PACE, addPace, paceBetween, pacedStep, standsStill } from '../../../optimizer/network/match-pace.js';
import { metresPerDegree } from '../../../optimizer/util/geo.js';
import type { TrackPoint } from '../../../optimizer/network/match-steps.js';

const LAT = 22.72;
const { mLon } = metresPerDegree(LAT);
/** A fix `x` metres east of a fixed point at time `t` reporting `kmh`. */
const at = (x: number, t?: number, kmh?: number): TrackPoint => ({ lat: LAT, lon: 114.24 + x / mLon, timeS: t, speedKmh: kmh });

describe('distance by reported speeds', () => {
  it('integrates the two readings over the interval, surer when they agree', () => {
    const steady = paceBetween(at(0, 100, 36), at(50, 105, 36))!;
    expect(steady.distM).toBeCloseTo(50, 9);
    // a tenth of the distance either way
    expect(Math.sqrt(steady.varM2)).toBeCloseTo(5, 9);
    // from standing to 36 km/h: 25 m by the trapezoid, anywhere in 0-50 m really
    const start = paceBetween(at(0, 100, 0), at(25, 105, 36))!;
    expect(start.distM).toBeCloseTo(25, 9);
    expect(Math.sqrt(start.varM2)).toBeGreaterThan(Math.sqrt((0.1 * 25) ** 2 + 50 ** 2 / 12) - 1e-9);
    // runs add up
    const both = addPace(addPace(NO_PACE, steady), start)!;
    expect(both.distM).toBeCloseTo(75, 9);
    expect(both.varM2).toBeCloseTo(steady.varM2 + start.varM2, 9);
    expect(addPace(steady, null)).toBeNull();
  });

  it('says nothing without both times and speeds, out of order, over long gaps or with numbers no receiver gives', () => {
    expect(paceBetween(at(0, 100), at(50, 105, 36))).toBeNull();
    expect(paceBetween(at(0, undefined, 36), at(50, 105, 36))).toBeNull();
    expect(paceBetween(at(0, 105, 36), at(50, 105, 36))).toBeNull();
    expect(paceBetween(at(0, 106, 36), at(50, 105, 36))).toBeNull();
    expect(paceBetween(at(0, 100, 36), at(50, 116, 36))).toBeNull();
    for (const bad of [Number.NaN, -1, Number.POSITIVE_INFINITY, 1e308]) expect(paceBetween(at(0, 100, 36), at(50, 105, bad))).toBeNull();
  });

  it('is not used where the fixes are further apart than the speeds allow (a speed field left at 0)', () => {
    // 10 m of noise: 0 km/h reported while the fixes are 80 m apart
    expect(pacedStep(paceBetween(at(0, 100, 0), at(80, 105, 0)), at(0), at(80), 10)).toBeNull();
    // the same fixes standing within the jitter: kept, with the smallest scale
    expect(pacedStep(paceBetween(at(0, 100, 0), at(8, 105, 0)), at(0), at(8), 10)).toEqual({ distM: 0, scaleM: 10 });
    const moving = pacedStep(paceBetween(at(0, 100, 72), at(100, 105, 72)), at(0), at(100), 10)!;
    expect(moving.distM).toBeCloseTo(100, 9);
    expect(moving.scaleM).toBeCloseTo(20, 9);
    expect(pacedStep(null, at(0), at(100), 10)).toBeNull();
  });

  it('takes a receiver under 3 km/h as standing, and one that reports no speed as not known to', () => {
    expect(standsStill(at(0, 1, 0))).toBe(true);
    expect(standsStill(at(0, 1, 2.9))).toBe(true);
    expect(standsStill(at(0, 1, 3))).toBe(false);
    expect(standsStill(at(0, 1))).toBe(false);
  });
});
