import { describe, expect, it } from 'vitest';
import type { Fix } from '../../contracts/domain.js';
import { createSnapper } from '../../optimizer/network/snapper.js';
import type { RoadNetwork } from '../../optimizer/network/types.js';
import { haversineM, metresPerDegree } from '../../optimizer/util/geo.js';
import { createRng } from '../../optimizer/util/rng.js';
import { Coverage, SWEPT_SHARE } from '../../server/live/coverage.js';
import { parseAsciiMap } from '../optimizer/network/ascii-map.js';

const T0 = Date.UTC(2026, 10, 30, 0, 0, 0);

interface DriveOptions {
  vehicleId?: string;
  /** metres between fixes */
  stepM?: number;
  sigmaM?: number;
  seed?: number;
  /** brushes down at this distance along the drive, metres */
  working?: (alongM: number, totalM: number) => boolean;
  /** seconds between fixes */
  everyS?: number;
  startTs?: number;
}

/** Working fixes along straight streets through the lettered intersections, with seeded noise. */
function drive(net: RoadNetwork, id: Record<string, number>, path: string, o: DriveOptions = {}): Fix[] {
  const pts = [...path].map((ch) => net.nodes[id[ch]]);
  const legs = pts.slice(1).map((p, i) => haversineM(pts[i].lat, pts[i].lon, p.lat, p.lon));
  const total = legs.reduce((a, b) => a + b, 0);
  const step = o.stepM ?? 10;
  const rng = createRng(o.seed ?? 1);
  const { mLat, mLon } = metresPerDegree(pts[0].lat);
  const out: Fix[] = [];
  for (let d = 0, k = 0; d <= total + 1e-6; d += step, k++) {
    let leg = 0;
    let left = d;
    while (leg < legs.length - 1 && left > legs[leg]) left -= legs[leg++];
    const t = Math.min(1, left / legs[leg]);
    const [a, b] = [pts[leg], pts[leg + 1]];
    out.push({
      vehicleId: o.vehicleId ?? 'SW-1',
      lat: a.lat + t * (b.lat - a.lat) + (rng.normal() * (o.sigmaM ?? 0)) / mLat,
      lon: a.lon + t * (b.lon - a.lon) + (rng.normal() * (o.sigmaM ?? 0)) / mLon,
      ts: (o.startTs ?? T0) + k * (o.everyS ?? 5) * 1000,
      speedKmh: 8,
      working: o.working ? o.working(d, total) : true,
    });
  }
  return out;
}

function seg(net: RoadNetwork, id: Record<string, number>, a: string, b: string): number {
  return net.segments.find((s) => (s.from === id[a] && s.to === id[b]) || (s.from === id[b] && s.to === id[a]))!.id;
}

function coverageOf(map: string, planned: (net: RoadNetwork, id: Record<string, number>) => number[]) {
  const { net, id } = parseAsciiMap(map);
  const cov = new Coverage(net, createSnapper(net), planned(net, id));
  return { net, id, cov };
}

const STREET = `
  A--------B--------C
  |                 |
  D--------E--------F
`;

describe('live sweeping coverage from map-matched GPS traces', () => {
  it('counts a planned street swept when a working sweeper drives along it', () => {
    const { net, id, cov } = coverageOf(STREET, (n, i) => [seg(n, i, 'A', 'B'), seg(n, i, 'B', 'C')]);
    const fresh = [...cov.add(drive(net, id, 'ABC', { sigmaM: 5 })), ...cov.settle(T0 + 3_600_000)];
    expect(fresh.map((r) => r.segmentId).sort()).toEqual([seg(net, id, 'A', 'B'), seg(net, id, 'B', 'C')].sort());
    expect(fresh.every((r) => r.vehicleId === 'SW-1' && r.share >= SWEPT_SHARE)).toBe(true);
    expect(cov.percent()).toBeCloseTo(100, 5);
    expect(cov.sweptKm()).toBeCloseTo(cov.plannedM / 1000, 5);
  });

  it('does not count a street driven for only 60 % of its length, and says how far it got', () => {
    const { net, id, cov } = coverageOf(STREET, (n, i) => [seg(n, i, 'A', 'B')]);
    // A to B and on towards C, with brushes down only for the first 60 % of A-B
    const ab = haversineM(net.nodes[id.A].lat, net.nodes[id.A].lon, net.nodes[id.B].lat, net.nodes[id.B].lon);
    cov.add(drive(net, id, 'ABC', { working: (d) => d <= 0.6 * ab }));
    cov.settle(T0 + 3_600_000);
    const ab1 = seg(net, id, 'A', 'B');
    expect(cov.isSwept(ab1)).toBe(false);
    expect(cov.progress(ab1)).toBeGreaterThan(0.5);
    expect(cov.progress(ab1)).toBeLessThan(SWEPT_SHARE);
    expect(cov.percent()).toBe(0);
  });

  it('counts nothing for brushes up, nor for isolated working fixes between non-working ones', () => {
    const { net, id, cov } = coverageOf(STREET, (n, i) => [seg(n, i, 'A', 'B'), seg(n, i, 'D', 'E')]);
    cov.add(drive(net, id, 'AB', { working: () => false }));
    // every other fix flagged working: no stretch has working fixes at both ends
    let k = 0;
    cov.add(drive(net, id, 'DE', { vehicleId: 'SW-2', working: () => k++ % 2 === 0 }));
    cov.settle(T0 + 3_600_000);
    expect(cov.sweptIds()).toEqual([]);
    expect(cov.progress(seg(net, id, 'D', 'E'))).toBe(0);
  });

  it('credits the street driven, not its parallel neighbour 25 m away, under GPS noise', () => {
    const { net, id, cov } = coverageOf(
      `
      A--------------B
      |              |
      C--------------D
      `,
      (n, i) => [seg(n, i, 'A', 'B'), seg(n, i, 'C', 'D')],
    );
    cov.add(drive(net, id, 'CD', { sigmaM: 8, seed: 3 }));
    cov.settle(T0 + 3_600_000);
    expect(cov.isSwept(seg(net, id, 'C', 'D'))).toBe(true);
    expect(cov.isSwept(seg(net, id, 'A', 'B'))).toBe(false);
  });

  it('joins two passes over one street (half each way) into one swept street', () => {
    const { net, id, cov } = coverageOf(STREET, (n, i) => [seg(n, i, 'A', 'B')]);
    const ab = haversineM(net.nodes[id.A].lat, net.nodes[id.A].lon, net.nodes[id.B].lat, net.nodes[id.B].lon);
    cov.add(drive(net, id, 'AB', { working: (d) => d <= 0.5 * ab }));
    expect(cov.settle(T0 + 3_600_000)).toEqual([]);
    // later, back from B, brushes down for the other half
    cov.add(drive(net, id, 'BA', { startTs: T0 + 7_200_000, working: (d) => d <= 0.5 * ab }));
    cov.settle(T0 + 10_800_000);
    expect(cov.isSwept(seg(net, id, 'A', 'B'))).toBe(true);
  });

  it('reports coverage per grid cell and per road class, and a series over the shift', () => {
    const { net, id, cov } = coverageOf(
      `
      A========B--------C
      |                 |
      D--------E--------F
      `,
      (n, i) => {
        // west half is cell 0, east half cell 1
        const midLon = n.nodes[i.B].lon;
        for (const s of n.segments) s.cellId = Math.max(n.nodes[s.from].lon, n.nodes[s.to].lon) <= midLon + 1e-9 ? 0 : 1;
        n.cells = [0, 1].map((c) => ({ id: c, name: `cell ${c}`, bbox: [0, 0, 0, 0] }));
        return [seg(n, i, 'A', 'B'), seg(n, i, 'B', 'C'), seg(n, i, 'D', 'E')];
      },
    );
    // a minute between fixes, 10 m apart: the drive spans several series points
    cov.add(drive(net, id, 'AB', { everyS: 60 }));
    cov.settle(T0 + 3_600_000);
    const { cells, classes } = cov.tallies();
    const ab = net.segments[seg(net, id, 'A', 'B')].lengthM;
    expect(classes.get('arterial')).toEqual({ plannedM: ab, sweptM: ab });
    expect(classes.get('local')!.sweptM).toBe(0);
    expect(classes.has('alley')).toBe(false);
    expect(cells.get(0)).toEqual({ plannedM: ab + net.segments[seg(net, id, 'D', 'E')].lengthM, sweptM: ab });
    expect(cells.get(1)!.sweptM).toBe(0);
    const series = cov.series(T0 + 3_600_000);
    expect(series.length).toBeGreaterThan(3);
    for (let i = 1; i < series.length; i++) {
      expect(series[i].ts).toBeGreaterThan(series[i - 1].ts);
      expect(series[i].pct).toBeGreaterThanOrEqual(series[i - 1].pct);
    }
    expect(series[series.length - 1].pct).toBeCloseTo(cov.percent(), 6);
    expect(series[0].pct).toBeLessThan(series[series.length - 1].pct);
  });

  it('after a restart, takes back who swept what and when, and the series over the shift', () => {
    const map = `
      A========B--------C
      |                 |
      D--------E--------F
      `;
    const planned = (n: RoadNetwork, i: Record<string, number>) => [seg(n, i, 'A', 'B'), seg(n, i, 'B', 'C'), seg(n, i, 'D', 'E')];
    const before = coverageOf(map, planned);
    const fresh = before.cov.add(drive(before.net, before.id, 'ABC', { everyS: 60, vehicleId: 'SW-07' }));
    fresh.push(...before.cov.settle(T0 + 3_600_000));
    expect(fresh.length).toBe(2);
    // a new process reads the stored records (the store merges them per segment)
    const after = coverageOf(map, planned);
    after.cov.restore(fresh);
    expect(after.cov.percent()).toBeCloseTo(before.cov.percent(), 9);
    for (const r of fresh) expect(after.cov.sweptBy(r.segmentId)).toEqual({ at: r.at, vehicleId: 'SW-07' });
    const series = after.cov.series(T0 + 3_600_000);
    expect(series.length).toBeGreaterThanOrEqual(3);
    expect(series[0].pct).toBeGreaterThan(0);
    expect(series[0].pct).toBeLessThan(series[series.length - 1].pct);
    expect(series[series.length - 1].pct).toBeCloseTo(before.cov.percent(), 6);
  });

  it('does not sweep a one-way block because one fix jumped back 20 m', () => {
    const { net, id, cov } = coverageOf(
      `
      A--->---B
      ^       v
      C---<---D
      `,
      (n) => n.segments.map((s) => s.id),
    );
    const fixes = drive(net, id, 'AB', { stepM: 10, everyS: 4 });
    // fix 12 reads 20 m behind fix 10 (beyond 2 sigma of the default 8 m): GPS, not a drive round
    // the block, which is short enough here to look like a possible one
    fixes[12] = { ...fixes[12], lat: fixes[8].lat, lon: fixes[8].lon };
    cov.add(fixes);
    cov.settle(T0 + 3_600_000);
    expect(cov.isSwept(seg(net, id, 'A', 'B'))).toBe(true);
    for (const [a, b] of ['BD', 'CD', 'AC']) expect(cov.progress(seg(net, id, a, b)), `${a}${b}`).toBe(0);
  });

  it('ignores late fixes and restarts the track after a long gap', () => {
    const { net, id, cov } = coverageOf(STREET, (n) => n.segments.map((s) => s.id));
    const first = drive(net, id, 'AB');
    cov.add(first);
    // the same fixes again (a replayed buffer) change nothing
    expect(cov.add(first)).toEqual([]);
    // an hour later on the other street: the jump is not a drive through the block
    cov.add(drive(net, id, 'DE', { startTs: T0 + 3_600_000 }));
    cov.settle(T0 + 7_200_000);
    expect(cov.sweptIds().sort()).toEqual([seg(net, id, 'A', 'B'), seg(net, id, 'D', 'E')].sort());
    for (const [a, b] of ['AD', 'BC', 'CF', 'EF']) expect(cov.progress(seg(net, id, a, b))).toBe(0);
  });
});
