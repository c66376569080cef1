import type { ExpressionSpecification, StyleSpecification } from 'maplibre-gl';
import type { Fleet, VehicleStatus } from '../../../contracts/domain.js';
import { BACKGROUND_COLOR, FLEET_COLORS, ROAD_STYLE, STATUS_COLORS } from './colors.js';

/**
 * The base style: a plain background, optionally a raster base map beneath everything.
 * No glyphs or tile server are needed, so the console works offline inside a bureau network.
 */
export function baseStyle(tileUrl?: string, attribution?: string): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND_COLOR } }],
  };
  if (tileUrl) {
    style.sources.basemap = { type: 'raster', tiles: [tileUrl], tileSize: 256, attribution: attribution ?? '' };
    style.layers.push({ id: 'basemap', type: 'raster', source: 'basemap', paint: { 'raster-opacity': 0.55, 'raster-saturation': -0.6 } });
  }
  return style;
}

/** `match` expression mapping a string property to colours, with a fallback. */
function matchColor(prop: string, table: Record<string, string>, fallback: string): ExpressionSpecification {
  const pairs = Object.entries(table).flat();
  return ['match', ['get', prop], ...pairs, fallback] as unknown as ExpressionSpecification;
}

/** Road line colour by class. */
export function roadColorExpr(): ExpressionSpecification {
  const table: Record<string, string> = {};
  for (const [cls, s] of Object.entries(ROAD_STYLE)) table[cls] = s.color;
  return matchColor('cls', table, ROAD_STYLE.local.color);
}

/** Road width by class, growing with zoom so alleys vanish when zoomed out. */
export function roadWidthExpr(): ExpressionSpecification {
  const byCls = (scale: number): ExpressionSpecification => {
    const pairs: (string | number)[] = [];
    for (const [cls, s] of Object.entries(ROAD_STYLE)) pairs.push(cls, +(s.width * scale).toFixed(2));
    return ['match', ['get', 'cls'], ...pairs, ROAD_STYLE.local.width * scale] as unknown as ExpressionSpecification;
  };
  return ['interpolate', ['exponential', 1.6], ['zoom'], 11, byCls(0.35), 14, byCls(1), 17, byCls(3.2)] as ExpressionSpecification;
}

/** Vehicle fill colour by fleet. */
export function fleetColorExpr(): ExpressionSpecification {
  return matchColor('fleet', FLEET_COLORS as Record<Fleet, string>, '#cbd5e1');
}

/** Vehicle outline colour by status. */
export function statusColorExpr(): ExpressionSpecification {
  return matchColor('status', STATUS_COLORS as Record<VehicleStatus, string>, '#9ca3af');
}
