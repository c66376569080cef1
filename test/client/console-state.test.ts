import { describe, expect, it } from 'vitest';
import type { Assignment, Kpis, VehicleView } from '../../contracts/domain.js';
import {
  applyAssignment, applyPositions, applySnapshot, applySwept, applyVehicles, createConsoleState,
} from '../../client/src/lib/console-state.js';

const view = (id: string, over: Partial<VehicleView> = {}): VehicleView => ({
  id, fleet: 'tow', name: id, plate: 'p', status: 'idle', load: 0, capacity: 1, assignmentVersion: 0, ackedVersion: 0, ...over,
});
const kpis = { ts: 0 } as Kpis;
const asg = (vehicleId: string, version: number): Assignment => ({
  vehicleId, fleet: 'tow', version, createdAt: version, reason: 'incident', stops: [], polyline: '', distanceM: 0, durationS: 0,
});

describe('console state', () => {
  it('takes vehicles, positions, assignments and swept segments from a snapshot', () => {
    const st = createConsoleState();
    applySnapshot(
      st,
      { vehicles: [view('A', { last: { vehicleId: 'A', lat: 1, lon: 2, ts: 5 } }), view('B')], incidents: [], assignments: [asg('A', 2)], kpis, swept: [4, 5], now: 10_000 },
    );
    expect(st.vehicles.size).toBe(2);
    expect(st.positions.get('A')).toMatchObject({ lat: 1, lon: 2 });
    expect(st.positions.has('B')).toBe(false);
    expect(st.assignments.get('A')?.version).toBe(2);
    expect([...st.swept]).toEqual([4, 5]);
  });

  it('keeps the newest fix per vehicle even when batches arrive out of order', () => {
    const st = createConsoleState();
    const moved = applyPositions(st, [
      { vehicleId: 'A', lat: 1, lon: 1, ts: 20 },
      { vehicleId: 'A', lat: 9, lon: 9, ts: 10 },
    ]);
    expect(moved).toBe(1);
    expect(st.positions.get('A')?.ts).toBe(20);
  });

  it('ignores an assignment older than the one it holds', () => {
    const st = createConsoleState();
    applyVehicles(st, [view('A')]);
    expect(applyAssignment(st, asg('A', 3))).toBe(true);
    expect(applyAssignment(st, asg('A', 2))).toBe(false);
    expect(st.assignments.get('A')?.version).toBe(3);
    expect(st.vehicles.get('A')?.assignmentVersion).toBe(3);
  });

  it('reports only newly swept segments', () => {
    const st = createConsoleState();
    expect(applySwept(st, [1, 2])).toEqual([1, 2]);
    expect(applySwept(st, [2, 3])).toEqual([3]);
    expect([...st.swept].sort()).toEqual([1, 2, 3]);
  });

  it('takes the swept list of a reconnect snapshot as the truth (a new shift clears it)', () => {
    const st = createConsoleState();
    applySwept(st, [7, 8]);
    applySnapshot(st, { vehicles: [], incidents: [], assignments: [], kpis, swept: [8], now: 0 });
    expect([...st.swept]).toEqual([8]);
  });
});
