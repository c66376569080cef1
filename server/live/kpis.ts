import type { Incident, Kpis } from '../../contracts/domain.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { World } from '../world.js';

const ACTIVE_WINDOW_MS = 120_000;

/** Mean response time (accepted -> on scene) and on-time rate over the cases seen so far. */
export function responseFigures(cases: readonly Incident[], now: number): { meanResponseMin: number; onTimeRate: number } {
  let reached = 0;
  let sumMs = 0;
  let judged = 0;
  let onTime = 0;
  for (const i of cases) {
    if (i.arrivedAt !== undefined) {
      reached++;
      sumMs += i.arrivedAt - i.createdAt;
    }
    // a case is judged once it is closed, or once its time limit has passed
    if (i.closedAt !== undefined) {
      judged++;
      if (i.closedAt <= i.deadline) onTime++;
    } else if (now > i.deadline) judged++;
  }
  return {
    meanResponseMin: reached ? sumMs / reached / 60_000 : 0,
    onTimeRate: judged ? (100 * onTime) / judged : 100,
  };
}

/** The dashboard figures, computed from live state. */
export function computeKpis(world: World, dispatcher: Dispatcher, fixesPerSec: number): Kpis {
  const now = world.clock.now();
  const cases = [...dispatcher.incidents.list(), ...dispatcher.incidents.closed];
  const cutoff = now - ACTIVE_WINDOW_MS * world.clock.speed;
  return {
    ts: Math.round(now),
    coveragePct: Math.round(dispatcher.coverage.percent() * 10) / 10,
    sweptKm: Math.round(dispatcher.coverage.sweptKm() * 10) / 10,
    plannedKm: Math.round(dispatcher.coverage.plannedM / 100) / 10,
    ...responseFigures(cases, now),
    openIncidents: dispatcher.incidents.list().length,
    kitchenCollectedKg: Math.round(world.counters.kitchenCollectedKg),
    kitchenPlannedKg: Math.round(dispatcher.kitchenPlannedKg),
    activeVehicles: world.fleet.all().filter((v) => v.last && v.last.ts > cutoff && v.status !== 'broken').length,
    fixesPerSec: Math.round(fixesPerSec),
    replans: world.counters.replans,
  };
}
