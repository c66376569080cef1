/**
 * HTTP API shapes (all under /api/v1). Errors are always `{ "error": "message" }` with a 4xx/5xx.
 *
 * POST /positions        body PositionsRequest  -> 202 PositionsResponse
 * GET  /vehicles                                -> VehicleView[]
 * GET  /vehicles/:id                            -> VehicleView
 * POST /incidents        body IncidentRequest   -> 201 Incident
 * GET  /incidents[?open=1]                      -> Incident[]
 * GET  /incidents/:id                           -> Incident
 * POST /incidents/:id/steps  body StepRequest    -> Incident (409: step may not follow / role may not record it)
 * POST /incidents/:id/pin    body PinRequest     -> PinResponse
 * DELETE /incidents/:id/pin                      -> Incident
 * GET  /reports/incidents[?from&to]              -> IncidentReport (from/to: epoch ms or ISO 8601; default the last 7 local days)
 * GET  /reports/incidents.csv[?from&to]          -> text/csv (per grid cell, total, tows per day)
 * GET  /squads/placement                         -> SquadPlacement (404 before the first)
 * POST /squads/placement                         -> SquadPlacement, placed now (planning process only)
 * GET  /assignments                             -> Assignment[]
 * GET  /assignments/:vehicleId                  -> Assignment (404 when none)
 * GET  /town                                    -> TownInfo
 * GET  /network                                 -> NetworkGeoJson
 * GET  /kpis                                    -> Kpis
 * GET  /health                                  -> { ok: true }
 */
import type { Fleet, Incident, IncidentType, LateReason, Place, Restaurant } from './domain.js';

export interface PositionInput {
  vehicleId: string;
  lat: number;
  lon: number;
  /** epoch ms, or an ISO 8601 string */
  ts: number | string;
  speedKmh?: number;
  heading?: number;
  working?: boolean;
}

export interface PositionsRequest {
  positions: PositionInput[];
}

export interface PositionsResponse {
  accepted: number;
  rejected: { index: number; reason: string }[];
}

export interface IncidentRequest {
  type: IncidentType;
  /** a point, or `location` alone (a road, grid-cell or place name of the town) */
  lat?: number;
  lon?: number;
  location?: string;
  plate?: string;
  description?: string;
  source?: 'hotline' | 'patrol' | 'camera' | 'driver';
  /** stored masked (138****5678) */
  reporterContact?: string;
  /** http(s) links to evidence photos, at most 9 */
  photos?: string[];
  /** who takes the report: 'dispatcher:<id>', 'driver:<id>'...; default 'system' */
  by?: string;
}

/** A step recorded from the console or the field. */
export interface StepRequest {
  step: 'arrive' | 'handle' | 'feedback' | 'revisit' | 'close' | 'cancel';
  /** 'dispatcher:<id>', 'driver:<id>', 'vehicle:<id>' or 'system' (close only) */
  by: string;
  note?: string;
}

export interface PinRequest {
  vehicleId: string;
  by?: string;
}

/** A pin and its cost now: planner objective with the pin minus without it, seconds. */
export interface PinResponse {
  incident: Incident;
  costS?: number;
  /** extra lateness and extra response time the pin causes over all open cases, seconds */
  lateS?: number;
  responseS?: number;
  /** why the planner cannot honour the pin now (unit towing, unreachable...) */
  warning?: string;
}

/** Case figures over a group of cases. */
export interface CaseFigures {
  cases: number;
  closed: number;
  cancelled: number;
  /** cases judged so far: closed, or still open past their limit */
  judged: number;
  /** closed within the limit over judged cases, 0..100 (100 when none is judged yet) */
  onTimeRate: number;
  /** cases whose first unit arrived, and over those: accepted -> on scene, minutes */
  reached: number;
  meanResponseMin: number;
  p50ResponseMin: number;
  p90ResponseMin: number;
  p95ResponseMin: number;
  /** arrived within the limit over reached, 0..100 */
  arrivedOnTimeRate: number;
  /** late cases by the phase that was running when the limit passed */
  late: Record<LateReason, number>;
}

export interface IncidentReport extends CaseFigures {
  from: number;
  to: number;
  generatedAt: number;
  /** response-time histogram; `toMin` is missing on the open-ended last bin */
  responseHistogram: { fromMin: number; toMin?: number; count: number }[];
  /** local date (YYYY-MM-DD) -> cars and two-wheelers towed that day */
  towsPerDay: { day: string; tows: number }[];
  byType: ({ type: IncidentType } & CaseFigures)[];
  byCell: ({ cellId: number; name: string; tows: number } & CaseFigures)[];
}

export interface TownInfo {
  name: string;
  /** [minLat, minLon, maxLat, maxLon] */
  bbox: [number, number, number, number];
  attribution?: string;
  places: { sweeperDepot: Place; towYard: Place; plant: Place; squadBase: Place };
  restaurants: Restaurant[];
  cells: { id: number; name: string; bbox: [number, number, number, number] }[];
  fleetCounts: Record<Fleet, number>;
  utcOffsetMin: number;
  /** optional raster tile URL template for a base map (config TILE_URL) */
  tileUrl?: string;
  /**
   * datum of those tiles: Chinese providers (AMap, Tencent) draw in GCJ-02, so the console shifts
   * everything it draws from WGS-84 to GCJ-02 at display time; data stays WGS-84. Default 'wgs84'.
   */
  tileCrs?: 'wgs84' | 'gcj02';
  /** time limit per incident type, minutes */
  incidentLimitsMin: Record<IncidentType, number>;
}

/** GeoJSON FeatureCollection of LineStrings, one per road segment ([lon, lat] order as GeoJSON wants). */
export interface NetworkGeoJson {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    id: number;
    properties: { id: number; cls: string; oneway: boolean; name?: string; cell: number; planned: boolean };
    geometry: { type: 'LineString'; coordinates: [number, number][] };
  }[];
  /** water polygons, GeoJSON rings */
  water?: [number, number][][][];
}

/** One enforcement squad's post: the grid cell it stands in and the road point it waits at. */
export interface SquadPost {
  squadId: string;
  cellId: number;
  place: Place;
}

/** Squad placement: maximal covering of the forecast incidents within 10 minutes' travel. */
export interface SquadPlacement {
  at: number;
  /** 'schedule' (hourly) or 'request' */
  reason: string;
  method: string;
  /** expected incidents in the coming hour: covered within 10 minutes, and in total */
  covered: number;
  expected: number;
  posts: SquadPost[];
}
