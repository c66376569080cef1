import { describe, expect, it } from 'vitest';
import type { Fix, VehicleView } from '../../contracts/domain.js';
import { createVehicleDirt, takeVehicleUpdate } from '../../client/src/lib/vehicle-diff.js';

const view = (id: string, status: VehicleView['status'] = 'idle'): VehicleView => ({
  id, fleet: 'tow', name: id, plate: 'p', status, load: 0, capacity: 1, assignmentVersion: 0, ackedVersion: 0,
});
const fix = (vehicleId: string, lat: number): Fix => ({ vehicleId, lat, lon: 114, ts: 1 });

describe('takeVehicleUpdate', () => {
  it('draws everything first, then sends only what moved or changed', () => {
    const dirt = createVehicleDirt();
    const vehicles = new Map([['A', view('A')], ['B', view('B')]]);
    const positions = new Map([['A', fix('A', 22.1)], ['B', fix('B', 22.2)]]);
    const first = takeVehicleUpdate(dirt, vehicles, positions, undefined);
    expect(first?.kind).toBe('full');
    expect(takeVehicleUpdate(dirt, vehicles, positions, undefined)).toBeUndefined();

    positions.set('A', fix('A', 22.5));
    dirt.moved.add('A');
    vehicles.set('B', view('B', 'broken'));
    dirt.restyled.add('B');
    const up = takeVehicleUpdate(dirt, vehicles, positions, 'B');
    expect(up?.kind).toBe('diff');
    if (up?.kind !== 'diff') return;
    expect(up.diff.add).toEqual([]);
    const byId = Object.fromEntries(up.diff.update.map((u) => [u.id, u]));
    expect(byId.A.newGeometry?.coordinates).toEqual([114, 22.5]);
    expect(byId.A.addOrUpdateProperties).toBeUndefined();
    expect(byId.B.newGeometry).toBeUndefined();
    expect(byId.B.addOrUpdateProperties).toContainEqual({ key: 'status', value: 'broken' });
    expect(byId.B.addOrUpdateProperties).toContainEqual({ key: 'selected', value: true });
  });

  it('adds a vehicle seen for the first time instead of updating it', () => {
    const dirt = createVehicleDirt();
    takeVehicleUpdate(dirt, new Map(), new Map(), undefined);
    dirt.moved.add('N');
    const up = takeVehicleUpdate(dirt, new Map([['N', view('N')]]), new Map([['N', fix('N', 22)]]), undefined);
    expect(up?.kind === 'diff' && up.diff.add.map((f) => f.properties.id)).toEqual(['N']);
    dirt.moved.add('N');
    const again = takeVehicleUpdate(dirt, new Map([['N', view('N')]]), new Map([['N', fix('N', 23)]]), undefined);
    expect(again?.kind === 'diff' && again.diff.update.map((u) => u.id)).toEqual(['N']);
  });

  it('goes back to a full draw when asked (after a reconnect snapshot)', () => {
    const dirt = createVehicleDirt();
    takeVehicleUpdate(dirt, new Map(), new Map(), undefined);
    dirt.full = true;
    dirt.moved.add('A');
    const up = takeVehicleUpdate(dirt, new Map([['A', view('A')]]), new Map([['A', fix('A', 22)]]), undefined);
    expect(up?.kind).toBe('full');
    expect(dirt.moved.size).toBe(0);
  });
});
