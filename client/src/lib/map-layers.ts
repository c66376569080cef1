import type { GeoJSONSource, Map as MlMap } from 'maplibre-gl';
import type { NetworkGeoJson, TownInfo } from '../../../contracts/api.js';
import { FLEET_COLORS, PLANNED_COLOR, ROUTE_COLOR, SWEPT_COLOR, WATER_COLOR } from './colors.js';
import { emptyCollection, placePoints, restaurantPoints, waterPolygons, type LonLat } from './geo.js';
import { fleetColorExpr, roadColorExpr, roadWidthExpr, statusColorExpr } from './map-style.js';

/** Replaces the data of a GeoJSON source if it exists (it may not while the style reloads). */
export function setSourceData(map: MlMap, id: string, data: unknown): void {
  const src = map.getSource(id) as GeoJSONSource | undefined;
  src?.setData(data as Parameters<GeoJSONSource['setData']>[0]);
}

/** Water, roads (by class, planned sweep roads underlined, swept ones green via feature-state). */
export function addNetworkLayers(map: MlMap, net: NetworkGeoJson, beforeId?: string): void {
  map.addSource('water', { type: 'geojson', data: waterPolygons(net.water as LonLat[][][] | undefined) as never });
  map.addLayer({ id: 'water', type: 'fill', source: 'water', paint: { 'fill-color': WATER_COLOR } }, beforeId);
  // promoteId is unnecessary: features carry a numeric top-level id, which feature-state uses directly
  map.addSource('network', { type: 'geojson', data: net as never });
  map.addLayer({
    id: 'roads-planned',
    type: 'line',
    source: 'network',
    filter: ['==', ['get', 'planned'], true],
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': PLANNED_COLOR,
      'line-opacity': 0.4,
      'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1.5, 14, 4, 17, 9],
    },
  }, beforeId);
  map.addLayer({
    id: 'roads',
    type: 'line',
    source: 'network',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': ['case', ['boolean', ['feature-state', 'swept'], false], SWEPT_COLOR, roadColorExpr()],
      'line-width': roadWidthExpr(),
    },
  }, beforeId);
  // segments the selected sweeper must sweep (feature-state `mine`), distinct from its transit path
  map.addLayer({
    id: 'roads-mine',
    type: 'line',
    source: 'network',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': ['case', ['boolean', ['feature-state', 'swept'], false], SWEPT_COLOR, '#38bdf8'],
      'line-width': ['interpolate', ['linear'], ['zoom'], 11, 2.5, 14, 5, 17, 10],
      'line-opacity': ['case', ['boolean', ['feature-state', 'mine'], false], 0.85, 0],
    },
  }, beforeId);
  map.addLayer({
    id: 'roads-oneway',
    type: 'line',
    source: 'network',
    minzoom: 15,
    filter: ['==', ['get', 'oneway'], true],
    paint: { 'line-color': '#8b9bb0', 'line-width': 1, 'line-dasharray': [0.5, 3], 'line-opacity': 0.6 },
  }, beforeId);
}

/** Replaces all swept marks (after a snapshot: a new shift may have cleared them). */
export function resetSwept(map: MlMap, ids: Iterable<number>): void {
  if (!map.getSource('network')) return;
  map.removeFeatureState({ source: 'network' });
  markSwept(map, ids);
}

/** Flags the segments of one assignment as `mine`, clearing the previous set; returns the new set. */
export function markMine(map: MlMap, previous: readonly number[], next: readonly number[]): readonly number[] {
  if (!map.getSource('network')) return previous;
  for (const id of previous) map.setFeatureState({ source: 'network', id }, { mine: false });
  for (const id of next) map.setFeatureState({ source: 'network', id }, { mine: true });
  return next;
}

/** Marks segment ids as swept (green) without re-uploading the network. */
export function markSwept(map: MlMap, ids: Iterable<number>): void {
  if (!map.getSource('network')) return;
  for (const id of ids) map.setFeatureState({ source: 'network', id }, { swept: true });
}

/** Depot, tow yard, plant, squad base and the restaurants. */
export function addPlaceLayers(map: MlMap, town: TownInfo): void {
  map.addSource('restaurants', { type: 'geojson', data: restaurantPoints(town) as never });
  map.addLayer({
    id: 'restaurants',
    type: 'circle',
    source: 'restaurants',
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 1.2, 15, 3],
      'circle-color': FLEET_COLORS.kitchen,
      'circle-opacity': 0.45,
    },
  });
  map.addSource('places', { type: 'geojson', data: placePoints(town) as never });
  map.addLayer({
    id: 'places',
    type: 'circle',
    source: 'places',
    paint: {
      'circle-radius': 7,
      'circle-color': '#0d1318',
      'circle-stroke-width': 3,
      'circle-stroke-color': [
        'match', ['get', 'key'],
        'sweeperDepot', FLEET_COLORS.sweeper, 'towYard', FLEET_COLORS.tow,
        'plant', FLEET_COLORS.kitchen, 'squadBase', FLEET_COLORS.squad, '#e5e7eb',
      ],
    },
  });
  map.addLayer({
    id: 'place-labels',
    type: 'symbol',
    source: 'places',
    layout: { 'text-field': ['get', 'name'], 'text-font': ['sans-serif'], 'text-size': 12, 'text-offset': [0, 1.2], 'text-anchor': 'top' },
    paint: { 'text-color': '#cbd5e1', 'text-halo-color': '#0b1015', 'text-halo-width': 1.5 },
  });
}

/** Selected route line, its stops, swept highlight and vehicles (top-most). */
export function addDynamicLayers(map: MlMap): void {
  map.addSource('route', { type: 'geojson', data: emptyCollection() as never });
  map.addLayer({
    id: 'route-casing',
    type: 'line',
    source: 'route',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    // a sweeper's route runs over its own highlighted segments: keep it thin so they show through
    paint: { 'line-color': '#000', 'line-width': ['match', ['get', 'fleet'], 'sweeper', 3, 7], 'line-opacity': 0.5 },
  });
  map.addLayer({
    id: 'route',
    type: 'line',
    source: 'route',
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': ROUTE_COLOR,
      'line-width': ['match', ['get', 'fleet'], 'sweeper', 1.5, 3.5],
      'line-opacity': ['match', ['get', 'fleet'], 'sweeper', 0.8, 1],
    },
  });
  map.addSource('stops', { type: 'geojson', data: emptyCollection() as never });
  map.addLayer({
    id: 'stops',
    type: 'circle',
    source: 'stops',
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, 5, 16, 9],
      'circle-color': ['case', ['get', 'done'], '#4b5563', ROUTE_COLOR],
      'circle-stroke-color': '#111',
      'circle-stroke-width': 1.5,
    },
  });
  // text is rasterised locally by maplibre (no glyph server), so keep it to short numbers
  map.addLayer({
    id: 'stop-labels',
    type: 'symbol',
    source: 'stops',
    minzoom: 13,
    layout: { 'text-field': ['to-string', ['get', 'n']], 'text-font': ['sans-serif'], 'text-size': 10, 'text-allow-overlap': true },
    paint: { 'text-color': ['case', ['get', 'done'], '#cbd5e1', '#111'] },
  });
  // promoteId lets useVehicleLayer send per-vehicle diffs (updateData) instead of the whole fleet
  map.addSource('vehicles', { type: 'geojson', data: emptyCollection() as never, promoteId: 'id' });
  map.addLayer({
    id: 'vehicles-halo',
    type: 'circle',
    source: 'vehicles',
    filter: ['==', ['get', 'selected'], true],
    paint: { 'circle-radius': 14, 'circle-color': ROUTE_COLOR, 'circle-opacity': 0.25 },
  });
  map.addLayer({
    id: 'vehicles',
    type: 'circle',
    source: 'vehicles',
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 11, 4, 15, 7, 18, 10],
      'circle-color': fleetColorExpr(),
      'circle-stroke-color': statusColorExpr(),
      'circle-stroke-width': ['match', ['get', 'status'], 'broken', 3, 'offline', 1, 2],
      'circle-opacity': ['match', ['get', 'status'], 'offline', 0.45, 1],
    },
  });
  map.addLayer({
    id: 'vehicle-labels',
    type: 'symbol',
    source: 'vehicles',
    minzoom: 15,
    layout: {
      'text-field': ['get', 'id'],
      'text-font': ['sans-serif'],
      'text-size': 11,
      'text-offset': [0, 1.3],
      'text-anchor': 'top',
      'text-allow-overlap': false,
    },
    paint: { 'text-color': '#e2e8f0', 'text-halo-color': '#0b1015', 'text-halo-width': 1.5 },
  });
}
