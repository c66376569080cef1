/**
 * The sweeping coverage report over HTTP (mounted under /api/v1 by routes.ts):
 *
 * GET /reports/coverage      -> CoverageReport (official rate, per grid cell, per road class, series)
 * GET /reports/coverage.csv  -> text/csv shift report (the same figures, then every planned segment)
 */
import express from 'express';
import type { CoverageReport, CoverageRow } from '../../contracts/coverage.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { CoverageTally } from '../live/coverage.js';
import type { World } from '../world.js';
import { csvField } from '../dispatch/incident-report.js';

const km = (m: number): number => Math.round(m) / 1000;
const row = (key: string, name: string, t: CoverageTally): CoverageRow => ({
  key,
  name,
  plannedKm: km(t.plannedM),
  sweptKm: km(t.sweptM),
  pct: t.plannedM > 0 ? Math.round((1000 * t.sweptM) / t.plannedM) / 10 : 0,
});

/** The coverage of the shift so far. */
export function coverageReport(world: World, dispatcher: Dispatcher): CoverageReport {
  const cov = dispatcher.coverage;
  const now = world.clock.now();
  const { cells, classes } = cov.tallies();
  const cellName = new Map(world.network.cells.map((c) => [c.id, c.name]));
  const shiftId = dispatcher.shiftId();
  return {
    shiftId,
    now: Math.round(now),
    total: row('shift', shiftId, { plannedM: cov.plannedM, sweptM: cov.sweptKm() * 1000 }),
    cells: [...cells].sort((a, b) => a[0] - b[0]).map(([id, t]) => row(String(id), cellName.get(id) ?? `#${id}`, t)),
    classes: [...classes].map(([c, t]) => row(c, c, t)),
    series: cov.series(now).map((p) => ({ ts: p.ts, pct: Math.round(p.pct * 10) / 10 })),
  };
}


/** The shift report as CSV: scope rows (shift, cell, class), then one row per planned segment. */
export function coverageCsv(world: World, dispatcher: Dispatcher, rep: CoverageReport): string {
  const local = (ts: number): string => new Date(ts + world.town.utcOffsetMin * 60_000).toISOString().slice(0, 19).replace('T', ' ');
  const lines = [['scope', 'id', 'name', 'road_class', 'planned_km', 'swept_km', 'coverage_pct', 'swept_at_local', 'vehicle'].join(',')];
  const scoped = (scope: string, r: CoverageRow): string => [scope, r.key, r.name, scope === 'class' ? r.key : '', r.plannedKm, r.sweptKm, r.pct, '', ''].map(csvField).join(',');
  lines.push(scoped('shift', rep.total));
  for (const r of rep.cells) lines.push(scoped('cell', r));
  for (const r of rep.classes) lines.push(scoped('class', r));
  const cov = dispatcher.coverage;
  for (const id of world.town.plannedSweepSegments) {
    const s = world.network.segments[id];
    const by = cov.sweptBy(id);
    const done = cov.isSwept(id);
    const pct = Math.round(cov.progress(id) * 1000) / 10;
    lines.push(['segment', id, s.name ?? '', s.roadClass, km(s.lengthM), done ? km(s.lengthM) : 0, pct, by ? local(by.at) : '', by?.vehicleId ?? ''].map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

export function coverageRoutes(world: World, dispatcher: Dispatcher): express.Router {
  const r = express.Router();
  r.get('/reports/coverage.csv', (_req, res) => {
    const rep = coverageReport(world, dispatcher);
    res.type('text/csv; charset=utf-8').attachment(`coverage-${rep.shiftId}.csv`).send('\uFEFF' + coverageCsv(world, dispatcher, rep));
  });
  r.get('/reports/coverage', (_req, res) => {
    res.json(coverageReport(world, dispatcher));
  });
  return r;
}
