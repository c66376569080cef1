import { decode } from '@googlemaps/polyline-codec';
import type { Assignment, Fix, Incident, VehicleView } from '../../../contracts/domain.js';
import type { TownInfo } from '../../../contracts/api.js';
import { toDisplay } from './display-crs.js';

/** A [lon, lat] pair, GeoJSON order. */
export type LonLat = [number, number];

export interface PointFeature<P> {
  type: 'Feature';
  id?: number | string;
  properties: P;
  geometry: { type: 'Point'; coordinates: LonLat };
}

export interface LineFeature<P> {
  type: 'Feature';
  properties: P;
  geometry: { type: 'LineString'; coordinates: LonLat[] };
}

export interface Collection<F> {
  type: 'FeatureCollection';
  features: F[];
}

export interface VehicleProps {
  id: string;
  fleet: string;
  status: string;
  selected: boolean;
}

export interface StopProps {
  n: number;
  label: string;
  done: boolean;
  kind: string;
}

/** Empty collection, handy as the initial data of a GeoJSON source. */
export function emptyCollection<F>(): Collection<F> {
  return { type: 'FeatureCollection', features: [] };
}

/** Decodes an Assignment polyline (precision 5, [lat, lng]) into GeoJSON [lon, lat] order. */
export function decodeRoute(polyline: string): LonLat[] {
  if (!polyline) return [];
  return decode(polyline, 5).map(([lat, lon]) => [lon, lat] as LonLat);
}

/** The route of an assignment as a line feature; falls back to joining the stops when the polyline is empty. */
export function routeLine(a: Assignment | undefined): Collection<LineFeature<{ vehicleId: string; fleet: string }>> {
  if (!a) return emptyCollection();
  let coords = decodeRoute(a.polyline);
  if (coords.length < 2) coords = a.stops.map((s) => [s.lon, s.lat] as LonLat);
  if (coords.length < 2) return emptyCollection();
  coords = coords.map(toDisplay);
  return {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { vehicleId: a.vehicleId, fleet: a.fleet }, geometry: { type: 'LineString', coordinates: coords } }],
  };
}

/**
 * Numbered stop points of an assignment (1-based, in driving order). Road-segment stops are left
 * out: a sweeper has hundreds, and its segments are highlighted on the network instead.
 */
export function stopPoints(a: Assignment | undefined): Collection<PointFeature<StopProps>> {
  if (!a) return emptyCollection();
  const features: PointFeature<StopProps>[] = [];
  a.stops.forEach((s, i) => {
    if (s.kind === 'segment') return;
    features.push({
      type: 'Feature',
      properties: { n: i + 1, label: s.label, done: s.done === true, kind: s.kind },
      geometry: { type: 'Point', coordinates: toDisplay([s.lon, s.lat]) },
    });
  });
  return { type: 'FeatureCollection', features };
}

/** Vehicles that have a known position, as points carrying what the style needs to colour them. */
export function vehiclePoints(
  vehicles: ReadonlyMap<string, VehicleView>,
  positions: ReadonlyMap<string, Fix>,
  selectedId: string | undefined,
): Collection<PointFeature<VehicleProps>> {
  const features: PointFeature<VehicleProps>[] = [];
  for (const [id, fix] of positions) {
    const v = vehicles.get(id);
    features.push({
      type: 'Feature',
      properties: { id, fleet: v?.fleet ?? 'unknown', status: v?.status ?? 'idle', selected: id === selectedId },
      geometry: { type: 'Point', coordinates: toDisplay([fix.lon, fix.lat]) },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** The town's fixed places (depot, tow yard, plant, squad base). */
export function placePoints(town: TownInfo): Collection<PointFeature<{ key: string; name: string }>> {
  return {
    type: 'FeatureCollection',
    features: Object.entries(town.places).map(([key, p]) => ({
      type: 'Feature',
      properties: { key, name: p.name },
      geometry: { type: 'Point', coordinates: toDisplay([p.lon, p.lat]) },
    })),
  };
}

/** Restaurants (kitchen-waste customers) as small points. */
export function restaurantPoints(town: TownInfo): Collection<PointFeature<{ id: string; name: string }>> {
  return {
    type: 'FeatureCollection',
    features: town.restaurants.map((r) => ({
      type: 'Feature',
      properties: { id: r.id, name: r.name },
      geometry: { type: 'Point', coordinates: toDisplay([r.lon, r.lat]) },
    })),
  };
}

/** Water rings from the network payload as polygons (already in display datum: see networkForDisplay). */
export function waterPolygons(water: LonLat[][][] | undefined): Collection<{
  type: 'Feature';
  properties: Record<string, never>;
  geometry: { type: 'Polygon'; coordinates: LonLat[][] };
}> {
  return {
    type: 'FeatureCollection',
    features: (water ?? []).map((rings) => ({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: rings } })),
  };
}

/** Map bounds for a TownInfo bbox ([minLat, minLon, maxLat, maxLon]) as [[w, s], [e, n]]. */
export function bboxBounds(bbox: TownInfo['bbox']): [LonLat, LonLat] {
  const [minLat, minLon, maxLat, maxLon] = bbox;
  return [toDisplay([minLon, minLat]), toDisplay([maxLon, maxLat])];
}

/** Bounds around a set of coordinates, or undefined when there are none. */
export function boundsOf(coords: readonly LonLat[]): [LonLat, LonLat] | undefined {
  if (coords.length === 0) return undefined;
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const [lon, lat] of coords) {
    if (lon < w) w = lon;
    if (lon > e) e = lon;
    if (lat < s) s = lat;
    if (lat > n) n = lat;
  }
  return [
    [w, s],
    [e, n],
  ];
}

/** Open incidents only: closed and cancelled ones leave the map. */
export function isOpenIncident(i: Incident): boolean {
  return i.status !== 'closed' && i.status !== 'cancelled';
}

/** Open and nobody on scene yet: the only incidents whose deadline can still be met or missed. */
export function isAwaitingUnit(i: Incident): boolean {
  return isOpenIncident(i) && i.arrivedAt === undefined && (i.status === 'accepted' || i.status === 'dispatched');
}
