/**
 * Sweeping coverage report (作业覆盖率) for the shift so far.
 *
 * GET /api/v1/reports/coverage      -> CoverageReport
 * GET /api/v1/reports/coverage.csv  -> text/csv: the same figures, then one row per planned segment
 */

/** Planned and swept road length of one group of planned segments. */
export interface CoverageRow {
  /** grid cell id, road class name, or 'shift' */
  key: string;
  /** display name: the grid cell's name, the road class, or the shift id */
  name: string;
  plannedKm: number;
  sweptKm: number;
  /** swept over planned, 0..100 */
  pct: number;
}

export interface CoverageReport {
  /** shift key: the local date */
  shiftId: string;
  /** when the report was made, epoch ms */
  now: number;
  /** the official rate: swept planned length over planned length */
  total: CoverageRow;
  cells: CoverageRow[];
  classes: CoverageRow[];
  /** coverage % over the shift, sampled every few minutes, last point = now */
  series: { ts: number; pct: number }[];
}
