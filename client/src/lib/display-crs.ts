import type { NetworkGeoJson, TownInfo } from '../../../contracts/api.js';
import type { LonLat } from './geo.js';
import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02.js';

/*
 * The one place that knows the datum of the base map. Data everywhere is WGS-84; everything handed
 * to maplibre passes toDisplay, and map clicks come back through fromDisplay. One map style per page,
 * so this is page-wide state, set once when the town is known.
 */
let gcj = false;

/** Chooses the datum things are drawn in, from the town's tile settings. */
export function setDisplayCrs(town: Pick<TownInfo, 'tileUrl' | 'tileCrs'>): void {
  gcj = !!town.tileUrl && town.tileCrs === 'gcj02';
}

/** A stored WGS-84 [lon, lat] as drawn on the map. */
export function toDisplay(p: LonLat): LonLat {
  return gcj ? wgs84ToGcj02(p) : p;
}

/** A map position (e.g. a click) back to WGS-84. */
export function fromDisplay(p: LonLat): LonLat {
  return gcj ? gcj02ToWgs84(p) : p;
}

/** The road network as drawn: a shifted copy under GCJ-02, the same object otherwise. */
export function networkForDisplay(net: NetworkGeoJson): NetworkGeoJson {
  if (!gcj) return net;
  return {
    ...net,
    features: net.features.map((f) => ({
      ...f,
      geometry: { ...f.geometry, coordinates: f.geometry.coordinates.map((c) => toDisplay(c)) },
    })),
    water: net.water?.map((poly) => poly.map((ring) => ring.map((c) => toDisplay(c as LonLat)))),
  };
}
