import { describe, expect, it } from 'vitest';
import { assignTows } from '../../../optimizer/assignment/assign-tows.js';
import { assignTowsLp } from '../../../optimizer/assignment/assign-tows-lp.js';
import { buildTowModel } from '../../../optimizer/assignment/cost-model.js';
import { hungarian } from '../../../optimizer/assignment/hungarian.js';
import { planObjective } from '../../../optimizer/assignment/plan.js';
import type { TowProblem, TowTruck } from '../../../optimizer/assignment/types.js';
import { createRng } from '../../../optimizer/util/rng.js';

const truck = (id: string, extra: Partial<TowTruck> = {}): TowTruck => ({
  id, available: true, busyUntilS: 0, capacity: 1, load: 0, towing: false, ...extra,
});

function randomProblem(seed: number, nT: number, nI: number): TowProblem {
  const rng = createRng(seed);
  const trucks = Array.from({ length: nT }, (_, t) =>
    truck(`T${t}`, { busyUntilS: rng.next() < 0.3 ? rng.int(900) : 0, available: rng.next() > 0.1 }));
  const incidents = Array.from({ length: nI }, (_, i) => ({ id: `I${i}`, deadlineS: 300 + rng.int(1800), priority: 1 + rng.int(3) }));
  const travelS = trucks.map(() => incidents.map(() => (rng.next() < 0.05 ? Infinity : 60 + rng.int(1500))));
  return { trucks, incidents, travelS };
}

/** Best objective over every way to give each free truck at most one incident (tiny instances only). */
function bruteForce(p: TowProblem): number {
  const model = buildTowModel(p);
  let best = Infinity;
  const chosen: { t: number; i: number }[] = [];
  const used = new Set<number>();
  const rec = (k: number): void => {
    if (k === model.rows.length) {
      best = Math.min(best, planObjective(model, chosen));
      return;
    }
    rec(k + 1);
    const t = model.rows[k];
    for (const i of model.cols) {
      if (used.has(i) || !Number.isFinite(model.cost(t, i))) continue;
      used.add(i);
      chosen.push({ t, i });
      rec(k + 1);
      chosen.pop();
      used.delete(i);
    }
  };
  rec(0);
  return best;
}

describe('hungarian', () => {
  it('solves a known 3x3 and a rectangular instance', () => {
    const a = [[4, 1, 3], [2, 0, 5], [3, 2, 2]];
    expect(hungarian(3, 3, (r, c) => a[r][c]).cost).toBe(5);
    const b = [[9, 2, 7, 8], [6, 4, 3, 7]];
    const res = hungarian(2, 4, (r, c) => b[r][c]);
    expect(res.cost).toBe(5);
    expect(Array.from(res.rowToCol)).toEqual([1, 2]);
  });
  it('refuses more rows than columns', () => {
    expect(() => hungarian(3, 2, () => 0)).toThrow(/rows/);
  });
});

describe('assignTows', () => {
  it('matches brute force on random small instances', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const p = randomProblem(seed, 1 + (seed % 4), 1 + ((seed * 7) % 6));
      const plan = assignTows(p);
      expect(plan.objective).toBeCloseTo(bruteForce(p), 6);
      const trucksUsed = plan.assignments.map((a) => a.truckId);
      expect(new Set(trucksUsed).size).toBe(trucksUsed.length);
      expect(plan.assignments.length + plan.unassigned.length).toBe(p.incidents.length);
    }
  });

  it('sends the urgent case to the truck that makes it in time', () => {
    const p: TowProblem = {
      trucks: [truck('A'), truck('B')],
      incidents: [{ id: 'urgent', deadlineS: 400, priority: 3 }, { id: 'calm', deadlineS: 3600, priority: 1 }],
      travelS: [[300, 200], [900, 250]],
    };
    const plan = assignTows(p);
    expect(plan.method).toBe('hungarian');
    expect(plan.assignments).toContainEqual({ truckId: 'A', incidentId: 'urgent', etaS: 300, lateS: 0 });
    expect(plan.assignments).toContainEqual({ truckId: 'B', incidentId: 'calm', etaS: 250, lateS: 0 });
  });

  it('honours a pin and reports what it costs', () => {
    const p: TowProblem = {
      trucks: [truck('A'), truck('B')],
      incidents: [{ id: 'x', deadlineS: 3600, priority: 1, pinnedTruckId: 'B' }, { id: 'y', deadlineS: 3600, priority: 1 }],
      travelS: [[100, 500], [400, 150]],
    };
    const plan = assignTows(p);
    expect(plan.assignments.find((a) => a.incidentId === 'x')?.truckId).toBe('B');
    // pinned: B->x 400 + A->y 500 = 900; free: A->x 100 + B->y 150 = 250
    expect(plan.pinCost).toBeCloseTo(650, 9);
    // nobody is late either way: the pin costs 650 s of driving and no lateness
    expect(plan.pinCosts).toEqual([{ incidentId: 'x', truckId: 'B', cost: plan.pinCost, lateS: 0, responseS: 650 }]);
    expect(assignTows(p, { pinCosts: 'none' }).pinCosts).toBeUndefined();
  });

  it('reports a pin that makes a case late in plain seconds of lateness', () => {
    const p: TowProblem = {
      trucks: [truck('A'), truck('B')],
      incidents: [{ id: 'x', deadlineS: 200, priority: 2, pinnedTruckId: 'B' }, { id: 'y', deadlineS: 3600, priority: 1 }],
      travelS: [[100, 500], [400, 150]],
    };
    const plan = assignTows(p);
    // pinned: x reached at 400, 200 s late (weighted 1000 x 2); y by A at 500; free: 100 + 150, on time
    expect(plan.pinCosts?.[0]).toMatchObject({ lateS: 200, responseS: 650 });
    expect(plan.pinCost).toBeCloseTo(2000 * 200 + 650, 6);
  });

  it('diverts a truck from a low-priority case to an urgent one, never one that tows', () => {
    const p: TowProblem = {
      trucks: [
        truck('near', { currentIncidentId: 'low', currentPriority: 1 }),
        truck('tower', { towing: true, load: 1, currentIncidentId: 'held', busyUntilS: 0 }),
        truck('far', { busyUntilS: 600 }),
      ],
      incidents: [
        { id: 'low', deadlineS: 3000, priority: 1 },
        { id: 'urgent', deadlineS: 300, priority: 5 },
        { id: 'held', deadlineS: 100, priority: 1 },
      ],
      travelS: [[200, 120, 50], [10, 5, 0], [400, 900, 900]],
    };
    const plan = assignTows(p);
    const by = (id: string) => plan.assignments.find((a) => a.incidentId === id)?.truckId;
    expect(by('urgent')).toBe('near');
    expect(by('held')).toBe('tower');
    expect(by('low')).toBe('far');
    expect(plan.preempted).toEqual([{ truckId: 'near', fromIncidentId: 'low' }]);
  });

  it('keeps a truck on its current case when switching gains less than the penalty', () => {
    const p: TowProblem = {
      trucks: [truck('A', { currentIncidentId: 'a' }), truck('B', { currentIncidentId: 'b' })],
      incidents: [{ id: 'a', deadlineS: 3600, priority: 1 }, { id: 'b', deadlineS: 3600, priority: 1 }],
      // swapping would save 100 s in total, less than two 300 s penalties
      travelS: [[300, 250], [300, 250]],
    };
    const plan = assignTows(p);
    expect(plan.assignments.map((a) => `${a.truckId}>${a.incidentId}`).sort()).toEqual(['A>a', 'B>b']);
    expect(plan.preempted).toBeUndefined();
  });

  it('explains every incident it leaves', () => {
    const p: TowProblem = {
      trucks: [truck('A'), truck('broken', { available: false })],
      incidents: [
        { id: 'i1', deadlineS: 600, priority: 2 },
        { id: 'i2', deadlineS: 600, priority: 1 },
        { id: 'island', deadlineS: 600, priority: 1 },
        { id: 'pinbad', deadlineS: 600, priority: 1, pinnedTruckId: 'broken' },
      ],
      travelS: [[100, 100, Infinity, 2000], [1, 1, 1, 1]],
    };
    const plan = assignTows(p);
    expect(plan.assignments).toEqual([{ truckId: 'A', incidentId: 'i1', etaS: 100, lateS: 0 }]);
    const why = Object.fromEntries(plan.unassigned.map((u) => [u.incidentId, u.reason]));
    expect(why.island).toMatch(/reach/);
    expect(why.i2).toMatch(/queued/);
    expect(why.pinbad).toMatch(/queued/);
    expect(plan.warnings?.[0]).toMatch(/pinbad.*not available/);
  });

  it('rejects a travel matrix of the wrong shape', () => {
    expect(() => assignTows({ trucks: [truck('A')], incidents: [{ id: 'x', deadlineS: 1, priority: 1 }], travelS: [[]] })).toThrow(/travelS/);
  });

  it('decides 50 trucks x 300 incidents, one incident per truck', () => {
    const p = randomProblem(7, 50, 300);
    const plan = assignTows(p);
    const free = p.trucks.filter((t) => t.available).length;
    expect(plan.assignments.length).toBeLessThanOrEqual(free);
    expect(plan.assignments.length).toBeGreaterThan(free * 0.8);
    expect(plan.assignments.length + plan.unassigned.length).toBe(300);
  });
});

describe('assignTowsLp', () => {
  it('agrees with the Hungarian method on pure assignment instances', () => {
    for (let seed = 100; seed < 115; seed++) {
      const p = randomProblem(seed, 2 + (seed % 5), 3 + (seed % 7));
      p.trucks[0].currentIncidentId = p.incidents[0].id;
      const h = assignTows(p);
      const lp = assignTowsLp(p, { multi: false });
      expect(lp.method).toBe('lp');
      expect(lp.objective).toBeCloseTo(h.objective, 4);
    }
  });

  it('lets a two-wheeler truck take several incidents up to its free capacity', () => {
    const p: TowProblem = {
      trucks: [truck('bikes', { capacity: 4, load: 2 }), truck('flat')],
      // b3 can wait (late deadline): the bike truck's two free places go to b1 and b2
      incidents: ['b1', 'b2', 'b3', 'c1'].map((id) => ({ id, deadlineS: id === 'b3' ? 5000 : 1200, priority: 1 })),
      travelS: [[100, 120, 140, 900], [800, 800, 800, 200]],
    };
    const plan = assignTowsLp(p);
    const bikes = plan.assignments.filter((a) => a.truckId === 'bikes').map((a) => a.incidentId).sort();
    expect(bikes.length).toBe(2);
    expect(bikes).toEqual(['b1', 'b2']);
    expect(plan.assignments.find((a) => a.incidentId === 'c1')?.truckId).toBe('flat');
  });
});
