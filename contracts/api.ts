/**
 * HTTP API shapes (all under /api/v1). Errors are always `{ "error": "message" }` with a 4xx/5xx.
 *
 * POST /positions        body PositionsRequest  -> 202 PositionsResponse
 * GET  /vehicles                                -> VehicleView[]
 * GET  /vehicles/:id                            -> VehicleView
 * POST /incidents        body IncidentRequest   -> 201 Incident
 * GET  /incidents[?open=1]                      -> Incident[]
 * GET  /incidents/:id                           -> Incident
 * GET  /assignments                             -> Assignment[]
 * GET  /assignments/:vehicleId                  -> Assignment (404 when none)
 * GET  /town                                    -> TownInfo
 * GET  /network                                 -> NetworkGeoJson
 * GET  /kpis                                    -> Kpis
 * GET  /health                                  -> { ok: true }
 */
import type { Fleet, IncidentType, Place, Restaurant } from './domain.js';

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
  lat: number;
  lon: number;
  plate?: string;
  description?: string;
  source?: 'hotline' | 'patrol' | 'camera' | 'driver';
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
