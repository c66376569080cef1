import type { World } from '../world.js';
import type { VehicleRuntime } from './fleet-state.js';

/** Announces a vehicle's new status, load or versions: to consoles, other processes and live state. */
export function vehicleChanged(world: World, v: VehicleRuntime): void {
  world.adapters.bus.publish('vehicles', [world.fleet.view(v)]);
  world.adapters.live.writeStatus(v.spec.id, v.status, v.load).catch((err) => world.log.warn({ err, vehicleId: v.spec.id }, 'live status write failed'));
}
