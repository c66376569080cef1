import type { Fix, VehicleView } from '../../../contracts/domain.js';
import { toDisplay } from './display-crs.js';
import { vehiclePoints, type Collection, type PointFeature, type VehicleProps } from './geo.js';

/** What changed since the vehicles source was last drawn. */
export interface VehicleDirt {
  /** the source must be rebuilt from scratch (first draw, snapshot) */
  full: boolean;
  /** vehicles with a new fix */
  moved: Set<string>;
  /** vehicles whose fleet, status or selection changed */
  restyled: Set<string>;
  /** ids currently in the source */
  drawn: Set<string>;
}

/** Feature diff in maplibre's GeoJSONSourceDiff shape (kept structural so this file needs no maplibre import). */
export interface VehicleDiff {
  add: PointFeature<VehicleProps>[];
  update: { id: string; newGeometry?: { type: 'Point'; coordinates: [number, number] }; addOrUpdateProperties?: { key: string; value: unknown }[] }[];
}

export type VehicleUpdate = { kind: 'full'; data: Collection<PointFeature<VehicleProps>> } | { kind: 'diff'; diff: VehicleDiff };

/** A fresh dirt record that asks for a full draw. */
export function createVehicleDirt(): VehicleDirt {
  return { full: true, moved: new Set(), restyled: new Set(), drawn: new Set() };
}

/**
 * Turns the accumulated changes into one source update and resets the dirt. A diff only carries
 * the vehicles that moved or changed, so 3,000 trucks reporting at 1 Hz do not re-send the whole
 * collection to the map worker several times a second.
 */
export function takeVehicleUpdate(
  dirt: VehicleDirt,
  vehicles: ReadonlyMap<string, VehicleView>,
  positions: ReadonlyMap<string, Fix>,
  selectedId: string | undefined,
): VehicleUpdate | undefined {
  if (dirt.full) {
    const data = vehiclePoints(vehicles, positions, selectedId);
    dirt.full = false;
    dirt.moved.clear();
    dirt.restyled.clear();
    dirt.drawn = new Set(data.features.map((f) => f.properties.id));
    return { kind: 'full', data };
  }
  if (dirt.moved.size === 0 && dirt.restyled.size === 0) return undefined;
  const diff: VehicleDiff = { add: [], update: [] };
  for (const id of new Set([...dirt.moved, ...dirt.restyled])) {
    const fix = positions.get(id);
    if (!fix) continue;
    const v = vehicles.get(id);
    const props: VehicleProps = { id, fleet: v?.fleet ?? 'unknown', status: v?.status ?? 'idle', selected: id === selectedId };
    const geometry = { type: 'Point' as const, coordinates: toDisplay([fix.lon, fix.lat]) };
    if (!dirt.drawn.has(id)) {
      diff.add.push({ type: 'Feature', properties: props, geometry });
      dirt.drawn.add(id);
      continue;
    }
    diff.update.push({
      id,
      newGeometry: dirt.moved.has(id) ? geometry : undefined,
      addOrUpdateProperties: dirt.restyled.has(id)
        ? [
            { key: 'fleet', value: props.fleet },
            { key: 'status', value: props.status },
            { key: 'selected', value: props.selected },
          ]
        : undefined,
    });
  }
  dirt.moved.clear();
  dirt.restyled.clear();
  return { kind: 'diff', diff };
}
