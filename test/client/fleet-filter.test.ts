import { describe, expect, it } from 'vitest';
import type { VehicleView } from '../../contracts/domain.js';
import { countByFleet, filterVehicles, visibleWindow } from '../../client/src/lib/fleet-filter.js';
import { routeFor } from '../../client/src/lib/route.js';

const v = (id: string, fleet: VehicleView['fleet'], status: VehicleView['status'], plate = 'x'): VehicleView => ({
  id, fleet, name: `n-${id}`, plate, status, load: 0, capacity: 1, assignmentVersion: 0, ackedVersion: 0,
});
const all = [v('T10', 'tow', 'idle'), v('T2', 'tow', 'broken'), v('S1', 'sweeper', 'working', '粤B12345'), v('T3', 'tow', 'idle')];

describe('filterVehicles', () => {
  it('filters by fleet, ids in natural order whatever the status (rows must not jump)', () => {
    expect(filterVehicles(all, 'tow', '').map((x) => x.id)).toEqual(['T2', 'T3', 'T10']);
    expect(filterVehicles(all, 'all', '').map((x) => x.id)).toEqual(['S1', 'T2', 'T3', 'T10']);
  });
  it('can keep only broken and offline units', () => {
    expect(filterVehicles(all, 'all', '', true).map((x) => x.id)).toEqual(['T2']);
  });
  it('matches id, name or plate case-insensitively', () => {
    expect(filterVehicles(all, 'all', 'b123').map((x) => x.id)).toEqual(['S1']);
    expect(filterVehicles(all, 'all', 't1').map((x) => x.id)).toEqual(['T10']);
  });
  it('counts per fleet', () => {
    expect(countByFleet(all)).toEqual({ all: 4, sweeper: 1, tow: 3, kitchen: 0, squad: 0, problems: 1 });
  });
});

describe('visibleWindow', () => {
  it('renders the rows in view plus overscan, clamped to the list', () => {
    expect(visibleWindow(0, 400, 40, 1000, 5)).toEqual({ start: 0, end: 15 });
    expect(visibleWindow(4000, 400, 40, 1000, 5)).toEqual({ start: 95, end: 115 });
    expect(visibleWindow(39_990, 400, 40, 1000, 5)).toEqual({ start: 994, end: 1000 });
  });
});

describe('routeFor', () => {
  it('sends /driver/<id> to the driver view and everything else to the console', () => {
    expect(routeFor('/driver/K07')).toEqual({ page: 'driver', vehicleId: 'K07' });
    expect(routeFor('/driver/%E7%B2%A4B1/')).toEqual({ page: 'driver', vehicleId: '粤B1' });
    expect(routeFor('/')).toEqual({ page: 'console' });
    expect(routeFor('/driver/')).toEqual({ page: 'console' });
    expect(routeFor('/driver/%E0%A4%A')).toEqual({ page: 'console' });
  });
});
