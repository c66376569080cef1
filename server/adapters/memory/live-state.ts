import type { Fix, Fleet, VehicleStatus } from '../../../contracts/domain.js';
import { haversineM } from '../../../optimizer/util/geo.js';
import type { LiveStatePort } from '../../ports.js';

/** In-memory live state: newest fix per vehicle; a linear scan answers `nearest` (fleets here are small). */
export function createMemoryLiveState(fleetOf: (vehicleId: string) => Fleet | undefined): LiveStatePort {
  const positions = new Map<string, Fix>();
  const statuses = new Map<string, { status: VehicleStatus; load: number }>();
  return {
    async writePositions(fixes) {
      for (const f of fixes) {
        const prev = positions.get(f.vehicleId);
        if (!prev || prev.ts <= f.ts) positions.set(f.vehicleId, f);
      }
    },
    async readPositions() {
      return [...positions.values()];
    },
    async writeStatus(vehicleId, status, load) {
      statuses.set(vehicleId, { status, load });
    },
    async readStatus() {
      return [...statuses].map(([vehicleId, s]) => ({ vehicleId, ...s }));
    },
    async nearest(fleet, lat, lon, count) {
      const out: { vehicleId: string; distM: number }[] = [];
      for (const f of positions.values()) {
        if (fleetOf(f.vehicleId) !== fleet) continue;
        out.push({ vehicleId: f.vehicleId, distM: haversineM(lat, lon, f.lat, f.lon) });
      }
      return out.sort((a, b) => a.distM - b.distM).slice(0, count);
    },
    async close() {},
  };
}
