/**
 * Road network as plain data. A segment is one piece of road between two intersections (or
 * shape breaks); it can be traversed from `from` to `to`, and also back unless `oneway`.
 * Coordinates are WGS-84.
 */

export type RoadClass = 'arterial' | 'collector' | 'local' | 'alley';
export const ROAD_CLASSES: readonly RoadClass[] = ['arterial', 'collector', 'local', 'alley'];

/** Free-flow speeds used for travel times, km/h (urban Chinese town, trucks). */
export const SPEED_KMH: Record<RoadClass, number> = {
  arterial: 40,
  collector: 30,
  local: 20,
  alley: 12,
};

export interface RoadNode {
  /** dense index: nodes[i].id === i */
  id: number;
  lat: number;
  lon: number;
}

export interface RoadSegment {
  /** dense index: segments[i].id === i */
  id: number;
  from: number;
  to: number;
  lengthM: number;
  roadClass: RoadClass;
  oneway: boolean;
  name?: string;
  /** polyline from `from` to `to`, endpoints included, [lat, lon] pairs */
  geometry: [number, number][];
  /** grid cell the segment's midpoint falls in */
  cellId: number;
  /** crosses water (a bridge) */
  bridge?: boolean;
}

export interface GridCell {
  id: number;
  name: string;
  /** [minLat, minLon, maxLat, maxLon] */
  bbox: [number, number, number, number];
}

export interface RoadNetwork {
  nodes: RoadNode[];
  segments: RoadSegment[];
  cells: GridCell[];
  /** [minLat, minLon, maxLat, maxLon] */
  bbox: [number, number, number, number];
  /** e.g. '© OpenStreetMap contributors, ODbL' when drawn from OSM */
  attribution?: string;
  /** optional water polygons for drawing (rivers), [lat, lon] rings */
  water?: [number, number][][];
}
