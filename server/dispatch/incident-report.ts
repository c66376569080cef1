/**
 * Case figures for managers: response-time distribution, on-time closure rate, tows per day and the
 * same per grid cell, with the reasons late cases were late. Pure over a list of cases, so the HTTP
 * layer, the console and the scenario benchmark share one definition.
 */
import type { CaseFigures, IncidentReport } from '../../contracts/api.js';
import type { Incident, IncidentType, LateReason } from '../../contracts/domain.js';
import { LATE_REASONS } from '../../contracts/domain.js';
import { lateness } from './case-loop.js';
import { responderFleet } from './incidents.js';

/** Upper bounds (minutes) of the response-time histogram bins; the last bin is open-ended. */
export const RESPONSE_BINS_MIN = [5, 10, 15, 20, 30, 45, 60] as const;

/** Value at quantile q of sorted values (nearest rank); 0 when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const k = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[k];
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** A case counts as a tow once a tow-fleet case was handled (the car went onto the truck). */
export function isTow(i: Incident): boolean {
  return responderFleet(i.type) === 'tow' && i.history.some((e) => e.step === 'handle');
}

/** Figures over one group of cases at time `now`. */
export function caseFigures(cases: readonly Incident[], now: number): CaseFigures {
  const late = Object.fromEntries(LATE_REASONS.map((r) => [r, 0])) as Record<LateReason, number>;
  const responses: number[] = [];
  let closed = 0;
  let cancelled = 0;
  let judged = 0;
  let onTime = 0;
  let arrivedOnTime = 0;
  for (const i of cases) {
    if (i.status === 'cancelled') {
      cancelled++;
      continue;
    }
    if (i.arrivedAt !== undefined) {
      responses.push((i.arrivedAt - i.createdAt) / 60_000);
      if (i.arrivedAt <= i.deadline) arrivedOnTime++;
    }
    if (i.status === 'closed') closed++;
    const l = lateness(i, now);
    if (i.status === 'closed' || l) judged++;
    if (l) late[l.reason]++;
    else if (i.status === 'closed') onTime++;
  }
  responses.sort((a, b) => a - b);
  const mean = responses.length ? responses.reduce((a, b) => a + b, 0) / responses.length : 0;
  return {
    cases: cases.length,
    closed,
    cancelled,
    judged,
    onTimeRate: judged ? round1((100 * onTime) / judged) : 100,
    reached: responses.length,
    meanResponseMin: round1(mean),
    p50ResponseMin: round1(quantile(responses, 0.5)),
    p90ResponseMin: round1(quantile(responses, 0.9)),
    p95ResponseMin: round1(quantile(responses, 0.95)),
    arrivedOnTimeRate: responses.length ? round1((100 * arrivedOnTime) / responses.length) : 100,
    late,
  };
}

export interface ReportContext {
  now: number;
  utcOffsetMin: number;
  cells: readonly { id: number; name: string }[];
  /** grid cell of a point (-1 when outside every cell) */
  cellOf: (lat: number, lon: number) => number;
}

/** The full report over cases created in [from, to). */
export function incidentReport(all: readonly Incident[], from: number, to: number, ctx: ReportContext): IncidentReport {
  const cases = all.filter((i) => i.createdAt >= from && i.createdAt < to);
  const histogram = RESPONSE_BINS_MIN.map((toMin, k) => ({ fromMin: k ? RESPONSE_BINS_MIN[k - 1] : 0, toMin, count: 0 }) as { fromMin: number; toMin?: number; count: number });
  histogram.push({ fromMin: RESPONSE_BINS_MIN[RESPONSE_BINS_MIN.length - 1], count: 0 });
  const days = new Map<string, number>();
  const byTypeMap = new Map<IncidentType, Incident[]>();
  const byCellMap = new Map<number, Incident[]>();
  for (const i of cases) {
    if (i.arrivedAt !== undefined && i.status !== 'cancelled') {
      const m = (i.arrivedAt - i.createdAt) / 60_000;
      const k = RESPONSE_BINS_MIN.findIndex((b) => m < b);
      histogram[k < 0 ? histogram.length - 1 : k].count++;
    }
    if (isTow(i)) {
      const day = new Date(i.createdAt + ctx.utcOffsetMin * 60_000).toISOString().slice(0, 10);
      days.set(day, (days.get(day) ?? 0) + 1);
    }
    const ofType = byTypeMap.get(i.type);
    if (ofType) ofType.push(i);
    else byTypeMap.set(i.type, [i]);
    const cell = ctx.cellOf(i.lat, i.lon);
    const inCell = byCellMap.get(cell);
    if (inCell) inCell.push(i);
    else byCellMap.set(cell, [i]);
  }
  const cellName = new Map(ctx.cells.map((c) => [c.id, c.name]));
  return {
    from,
    to,
    generatedAt: Math.round(ctx.now),
    ...caseFigures(cases, ctx.now),
    responseHistogram: histogram,
    towsPerDay: [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, tows]) => ({ day, tows })),
    byType: [...byTypeMap].sort(([a], [b]) => a.localeCompare(b)).map(([type, list]) => ({ type, ...caseFigures(list, ctx.now) })),
    byCell: [...byCellMap]
      .sort(([a], [b]) => a - b)
      .map(([cellId, list]) => ({ cellId, name: cellName.get(cellId) ?? 'outside the grid', tows: list.filter(isTow).length, ...caseFigures(list, ctx.now) })),
  };
}

export function csvField(v: unknown): string {
  const s = v === undefined ? '' : String(v);
  // quote fields with separators; a leading =+-@ would run as a formula in a spreadsheet
  const safe = /^[=+\-@]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The report as CSV: one row per grid cell, a total row, then one row per day of tows. */
export function reportCsv(r: IncidentReport): string {
  const head = ['cell_id', 'cell', 'cases', 'closed', 'cancelled', 'on_time_rate_pct', 'reached', 'mean_response_min', 'p50_response_min', 'p90_response_min', 'p95_response_min', 'tows', ...LATE_REASONS.map((x) => `late_${x}`)];
  const row = (id: number | string, name: string, f: CaseFigures, tows: number): string =>
    [id, name, f.cases, f.closed, f.cancelled, f.onTimeRate, f.reached, f.meanResponseMin, f.p50ResponseMin, f.p90ResponseMin, f.p95ResponseMin, tows, ...LATE_REASONS.map((x) => f.late[x])]
      .map(csvField)
      .join(',');
  const totalTows = r.towsPerDay.reduce((a, d) => a + d.tows, 0);
  const lines = [head.join(','), ...r.byCell.map((c) => row(c.cellId, c.name, c, c.tows)), row('all', 'all cells', r, totalTows), '', 'day,tows', ...r.towsPerDay.map((d) => `${d.day},${d.tows}`)];
  return lines.join('\r\n') + '\r\n';
}
