import type { Fix, Fleet, Incident, Stop } from '../../contracts/domain.js';
import { haversineM } from '../../optimizer/util/geo.js';
import { Coverage, isWorking } from '../live/coverage.js';
import type { VehicleRuntime } from '../live/fleet-state.js';
import { vehicleChanged } from '../live/vehicle-changed.js';
import type { CoverageRecord } from '../ports.js';
import type { World } from '../world.js';
import { AssignmentBook } from './assignment-book.js';
import type { Command } from '../live/sync.js';
import { Incidents } from './incidents.js';
import { KitchenPlanner } from './kitchen-planner.js';
import { planResponders } from './response-planner.js';
import { SquadPlacer } from './squad-posts.js';
import { SweeperPlanner } from './sweeper-planner.js';

/** A stop counts as reached within this distance of a fix. */
const ARRIVE_M = 45;

export type VehicleEvent = 'breakdown' | 'repaired' | 'full' | 'shift-start';

/**
 * Decides WHEN to re-plan: events (new incident, breakdown, truck full, stop reached) mark a fleet
 * dirty; after a short debounce one re-plan per fleet runs (never two at once), and only drivers
 * whose work changed get a new assignment version.
 */
export class Dispatcher {
  readonly book: AssignmentBook;
  readonly incidents: Incidents;
  readonly kitchen: KitchenPlanner;
  readonly sweepers: SweeperPlanner;
  readonly coverage: Coverage;
  readonly squadPosts: SquadPlacer;
  private readonly timers = new Map<Fleet, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<Fleet, Promise<void>>();
  private settleTimer?: ReturnType<typeof setInterval>;
  private readonly reasons = new Map<Fleet, string>();
  private stopped = false;

  constructor(private readonly world: World) {
    this.book = new AssignmentBook(world);
    this.incidents = new Incidents(world, (i) => this.onIncident(i));
    this.coverage = new Coverage(world.network, world.snapper, world.town.plannedSweepSegments);
    this.kitchen = new KitchenPlanner(world, this.book);
    this.sweepers = new SweeperPlanner(world, this.book, (id) => this.coverage.isSwept(id));
    this.squadPosts = new SquadPlacer(world, this.book, () => world.adapters.store.listIncidents());
  }

  /** Resolves once start() has taken in what the store kept: a takeover waits for it. */
  private startedOnce: Promise<void> | undefined;

  /** First plan of the shift for every fleet (longer time limits than live repairs). */
  async start(): Promise<void> {
    this.startedOnce = this.begin();
    await this.startedOnce;
  }

  private async begin(): Promise<void> {
    await this.incidents.restore();
    const restored = new Set(this.world.fleet.all().filter((v) => v.assignment).map((v) => v.spec.fleet));
    this.kitchen.restoreCollected();
    await this.restoreCoverage();
    const t = this.world.config.planTimeMs;
    // after a restart drivers keep the versions they hold; only fleets with no plan get one
    if (!restored.has('sweeper')) await this.runPlan('sweeper', 'initial', t);
    if (!restored.has('kitchen')) await this.runPlan('kitchen', 'initial', t);
    await this.runPlan('tow', restored.has('tow') ? 'restart' : 'initial', 0);
    await this.runPlan('squad', restored.has('squad') ? 'restart' : 'initial', 0);
    this.squadPosts.start();
    // a sweeper that goes quiet (end of shift, parked) leaves its last fixes undecided by the matcher
    this.settleTimer = setInterval(() => {
      this.sweptNow(this.coverage.settle(this.world.clock.now()));
      this.checkSweepers();
    }, 10_000);
    this.settleTimer.unref?.();
  }

  /** Announces and stores segments newly counted as swept. */
  private sweptNow(fresh: CoverageRecord[]): void {
    if (!fresh.length) return;
    this.world.adapters.bus.publish('swept', fresh.map((s) => s.segmentId));
    this.world.adapters.store.saveCoverage?.(this.shiftId(), fresh).catch((err) => this.world.log.warn({ err }, 'coverage write failed'));
  }

  /**
   * This process became the planner (the previous one died or stepped down): fleets that have no
   * plan get their first one; tow trucks and squads are re-checked against the open cases. Routes
   * drivers already hold are kept, so their versions do not change.
   */
  async takeOver(): Promise<void> {
    // leadership can arrive while the server is still starting: before the restored assignments are
    // in, every fleet would look unplanned and get a needless new version
    if (!this.startedOnce) return; // start() plans what needs planning itself
    await this.startedOnce;
    const t = this.world.config.planTimeMs;
    for (const fleet of ['sweeper', 'kitchen'] as const) {
      if (!this.world.fleet.ofFleet(fleet).some((v) => v.assignment)) await this.runPlan(fleet, 'initial', t);
    }
    this.requestReplan('tow', 'takeover');
    this.requestReplan('squad', 'takeover');
  }

  /** Segments swept earlier this shift, when the store keeps coverage. */
  private async restoreCoverage(): Promise<void> {
    const store = this.world.adapters.store;
    if (!store.readCoverage) return;
    const records = await store.readCoverage(this.shiftId());
    this.coverage.restore(records);
  }

  /** Shift key for coverage records: the local date. */
  shiftId(): string {
    const w = this.world;
    return new Date(w.clock.now() + w.town.utcOffsetMin * 60_000).toISOString().slice(0, 10);
  }

  stop(): void {
    this.stopped = true;
    this.squadPosts.stop();
    clearInterval(this.settleTimer);
    for (const t of this.timers.values()) clearTimeout(t);
  }

  /** Waits for scheduled and running re-plans (tests). */
  async idle(): Promise<void> {
    while (this.timers.size || this.running.size) await Promise.all([...this.running.values(), new Promise((r) => setTimeout(r, 20))]);
  }

  /** Marks a fleet for re-planning after the debounce. */
  requestReplan(fleet: Fleet, reason: string): void {
    if (this.stopped || !this.world.adapters.leader.isLeader()) return;
    this.reasons.set(fleet, this.reasons.has(fleet) ? `${this.reasons.get(fleet)},${reason}` : reason);
    if (this.timers.has(fleet)) return;
    this.timers.set(
      fleet,
      setTimeout(() => {
        this.timers.delete(fleet);
        const why = [...new Set(this.reasons.get(fleet)?.split(','))].join(',');
        this.reasons.delete(fleet);
        void this.runPlan(fleet, why, this.world.config.repairTimeMs);
      }, this.world.config.replanDebounceMs),
    );
  }

  private async runPlan(fleet: Fleet, reason: string, timeLimitMs: number): Promise<void> {
    if (!this.world.adapters.leader.isLeader()) return;
    const prev = this.running.get(fleet);
    if (prev) await prev;
    const job = (async () => {
      const t0 = performance.now();
      try {
        let changed = 0;
        if (fleet === 'tow' || fleet === 'squad') changed = await planResponders(this.world, this.book, this.incidents, fleet, reason, (id) => this.squadPosts.postOf(id));
        else if (fleet === 'kitchen') changed = await this.kitchen.plan(reason, timeLimitMs);
        else changed = await this.sweepers.plan(reason, timeLimitMs);
        this.world.counters.replans++;
        this.world.log.info({ fleet, reason, changed, ms: Math.round(performance.now() - t0) }, 're-planned');
      } catch (err) {
        this.world.log.error({ err, fleet, reason }, 're-plan failed');
      }
    })();
    this.running.set(fleet, job);
    await job;
    if (this.running.get(fleet) === job) this.running.delete(fleet);
  }

  /** Every case change goes on the bus; the sync handler there asks the leader to plan new cases. */
  private onIncident(i: Incident): void {
    this.world.adapters.bus.publish('incident', i);
  }

  /**
   * A re-plan asked for by a request this process answered (a pin, a case step): planned here when
   * this process plans, else forwarded to the one that does.
   */
  askReplan(fleet: Fleet, reason: string): void {
    if (this.world.adapters.leader.isLeader()) this.requestReplan(fleet, reason);
    else this.world.adapters.bus.publish('command', { kind: 'replan', fleet, reason } satisfies Command);
  }

  /** An extra pickup request from a restaurant; false when the restaurant is unknown. */
  addRequest(restaurantId: string, kg: number): boolean {
    if (!this.world.town.restaurants.some((r) => r.id === restaurantId)) return false;
    if (!this.world.adapters.leader.isLeader()) {
      this.world.adapters.bus.publish('command', { kind: 'request', restaurantId, kg } satisfies Command);
      return true;
    }
    this.kitchen.addRequest(restaurantId, kg);
    this.requestReplan('kitchen', 'request');
    return true;
  }

  /** A vehicle reports an event (driver app, terminal alarm or simulator). */
  async vehicleEvent(vehicleId: string, event: VehicleEvent): Promise<void> {
    const v = this.world.fleet.get(vehicleId);
    if (!v) throw new Error(`unknown vehicle ${vehicleId}`);
    if (!this.world.adapters.leader.isLeader()) {
      this.world.adapters.bus.publish('command', { kind: 'vehicle-event', vehicleId, event } satisfies Command);
      return;
    }
    const fleet = v.spec.fleet;
    if (event === 'breakdown') {
      v.status = 'broken';
      // the incident it was heading to goes back to the queue
      for (const s of v.assignment?.stops.slice(v.nextStop) ?? []) {
        const i = s.kind === 'incident' ? this.incidents.get(s.id) : undefined;
        if (i && i.assignedVehicleId === vehicleId && i.status === 'dispatched') await this.incidents.step(i.id, 'accept', `vehicle:${vehicleId}`, { assignedVehicleId: undefined }, 'unit broke down');
      }
      if (v.assignment) await this.book.publish(vehicleId, { stops: [], reason: 'breakdown' });
    } else if (event === 'repaired') {
      v.status = 'idle';
    } else if (event === 'full') {
      v.load = Math.max(v.load, v.spec.capacity);
    }
    vehicleChanged(this.world, v);
    this.requestReplan(fleet, event);
  }

  /** Live fixes: arrivals at stops, coverage, statuses. Runs on the ingestion hot path, so it stays cheap. */
  onLiveFixes(fixes: readonly Fix[]): void {
    const sweeperFixes: Fix[] = [];
    for (const f of fixes) {
      const v = this.world.fleet.get(f.vehicleId)!;
      if (v.spec.fleet === 'sweeper') {
        sweeperFixes.push(f);
        if (v.status === 'enroute' || v.status === 'working') {
          const s = isWorking(f) ? 'working' : 'enroute';
          if (s !== v.status) {
            v.status = s;
            vehicleChanged(this.world, v);
          }
        }
      }
      const a = v.assignment;
      if (!a || v.nextStop >= a.stops.length || v.status === 'broken') continue;
      const next = a.stops[v.nextStop];
      // a stop is reached at its place or at the road node it is served from (a shop may sit back from the road)
      const node = next.nodeId !== undefined ? this.world.network.nodes[next.nodeId] : undefined;
      const near = haversineM(f.lat, f.lon, next.lat, next.lon) <= ARRIVE_M || (node !== undefined && haversineM(f.lat, f.lon, node.lat, node.lon) <= ARRIVE_M);
      if (near) this.reached(v, next).catch((err) => this.world.log.warn({ err, vehicleId: v.spec.id, stop: next.id }, 'stop progress not recorded'));
    }
    if (sweeperFixes.length) {
      this.sweptNow(this.coverage.add(sweeperFixes));
      this.checkSweepers();
    }
  }

  /** Sweepers falling behind their plan (SweeperPlanner.checkBehind, throttled there) get their work re-shared. */
  private checkSweepers(): void {
    if (this.sweepers.checkBehind(this.world.clock.now()).length) this.requestReplan('sweeper', 'behind');
  }

  private async reached(v: VehicleRuntime, stop: Stop): Promise<void> {
    stop.done = true;
    v.nextStop++;
    // the same version, re-saved with the stop marked done: progress survives a restart
    if (v.assignment) this.world.adapters.store.saveAssignment(v.assignment).catch((err) => this.world.log.warn({ err }, 'assignment progress write failed'));
    const by = `vehicle:${v.spec.id}`;
    const last = v.nextStop >= (v.assignment?.stops.length ?? 0);
    switch (stop.kind) {
      case 'incident': {
        const i = this.incidents.get(stop.id);
        if (i && i.status !== 'on_scene') await this.incidents.step(i.id, 'arrive', by);
        if (v.spec.fleet === 'tow') {
          v.status = 'towing';
          v.load += 1;
          if (i) await this.incidents.step(i.id, 'handle', by, {}, 'car towed');
        } else if (i) {
          await this.incidents.step(i.id, 'handle', by, {}, 'notice posted');
          await this.incidents.step(i.id, 'feedback', by);
          await this.incidents.step(i.id, 'close', by);
          this.requestReplan('squad', 'case-closed');
        }
        break;
      }
      case 'impound':
        v.load = 0;
        v.status = 'idle';
        for (const i of this.incidents.list().filter((x) => x.assignedVehicleId === v.spec.id && x.status === 'handled')) {
          await this.incidents.step(i.id, 'feedback', by, {}, 'car at impound lot');
          await this.incidents.step(i.id, 'close', by);
        }
        this.requestReplan('tow', 'truck-free');
        break;
      case 'restaurant': {
        const r = this.kitchen.markCollected(stop.id);
        const kg = r?.dailyKg ?? stop.demandKg ?? 0;
        v.load += kg;
        this.world.counters.kitchenCollectedKg += kg;
        break;
      }
      case 'plant':
        v.load = 0;
        if (this.kitchen.pending.size) this.requestReplan('kitchen', 'unloaded');
        break;
      case 'segment': {
        // a sweeper's hopper (and water) fill with the length swept, as the CARP plan counts demand
        const seg = this.world.network.segments[Number(stop.id)];
        if (v.spec.fleet === 'sweeper' && seg) v.load = Math.min(v.spec.capacity, v.load + seg.lengthM);
        break;
      }
      case 'depot':
        // emptied and refilled at the depot
        if (v.spec.fleet === 'sweeper') v.load = 0;
        break;
      default:
        break;
    }
    if (last && v.status !== 'towing') v.status = 'idle';
    vehicleChanged(this.world, v);
  }

  /** Planned kilograms today, for KPIs. */
  get kitchenPlannedKg(): number {
    return this.kitchen.plannedKg;
  }
}
