import type { Assignment, IncidentType } from '../../contracts/domain.js';
import { bearingDeg, metresPerDegree } from '../../optimizer/util/geo.js';
import { createRng, type Rng } from '../../optimizer/util/rng.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { Ingest } from '../ingest/ingest.js';
import type { World } from '../world.js';
import { buildDrivePlan, type DrivePlan } from './drive-plan.js';

interface SimVehicle {
  id: string;
  lat: number;
  lon: number;
  plan?: DrivePlan;
  piece: number;
  along: number;
  /** sim seconds left to wait at the current stop */
  dwell: number;
  nextStop: number;
  speedMs: number;
  heading: number;
  working: boolean;
}

/** Events per simulated hour. */
const RATES = { incident: 20, request: 3, breakdown: 0.6, full: 0.5 };
const INCIDENT_MIX: [IncidentType, number][] = [['illegal_parking', 0.65], ['two_wheeler_parking', 0.1], ['illegal_dumping', 0.1], ['road_debris', 0.08], ['street_vending', 0.07]];
const PLATE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/**
 * Seeded fleet simulator: plays every driver. It drives each vehicle along its current assignment
 * over the road network, sends noisy fixes through the same ingestion path as a device, acknowledges
 * new assignments, and injects parking reports, extra pickups, breakdowns and early-full trucks.
 */
export class Simulator {
  private readonly rng: Rng;
  private readonly vehicles: SimVehicle[];
  private timer?: ReturnType<typeof setInterval>;
  private ticking = false;
  /** simulated seconds since start; scheduled actions run on ticks, so a seeded run replays exactly */
  private elapsedS = 0;
  private scheduled: { atS: number; run: () => Promise<unknown> }[] = [];

  constructor(
    private readonly world: World,
    private readonly dispatcher: Dispatcher,
    private readonly ingest: Ingest,
    private readonly ack: (vehicleId: string, version: number) => Promise<string | undefined>,
  ) {
    this.rng = createRng(world.config.seed * 7919 + 17);
    this.vehicles = world.town.fleet.map((spec) => {
      const home = world.town.places[spec.home];
      return { id: spec.id, lat: home.lat, lon: home.lon, piece: 0, along: 0, dwell: 0, nextStop: 0, speedMs: 0, heading: 0, working: false };
    });
  }

  start(): void {
    const periodMs = 1000 / (this.world.config.simRateHz * this.world.clock.speed);
    this.timer = setInterval(() => void this.tick(1 / this.world.config.simRateHz), Math.max(20, periodMs));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Advances the world by dtS simulated seconds and reports one fix per vehicle. */
  async tick(dtS: number): Promise<void> {
    if (this.ticking) return; // never overlap ticks when the machine is busy
    this.ticking = true;
    try {
      const w = this.world;
      const now = Math.round(w.clock.now());
      const fixes = [];
      for (const sv of this.vehicles) {
        const v = w.fleet.get(sv.id)!;
        if (v.assignment && sv.plan?.version !== v.assignment.version) this.follow(sv, v.assignment);
        if (v.status !== 'broken') this.move(sv, dtS);
        else sv.speedMs = 0;
        const noise = w.config.gpsNoiseM;
        const { mLat, mLon } = metresPerDegree(sv.lat);
        fixes.push({
          vehicleId: sv.id,
          lat: sv.lat + (this.rng.normal() * noise) / mLat,
          lon: sv.lon + (this.rng.normal() * noise) / mLon,
          ts: now,
          speedKmh: Math.round(sv.speedMs * 3.6 * 10) / 10,
          heading: Math.round(sv.heading),
          working: sv.working,
        });
      }
      await this.ingest.ingest(fixes);
      await this.events(dtS);
    } catch (err) {
      this.world.log.error({ err }, 'simulator tick failed');
    } finally {
      this.ticking = false;
    }
  }

  private follow(sv: SimVehicle, a: Assignment): void {
    const w = this.world;
    const start = w.snapper.nearestNode(sv.lat, sv.lon);
    const dwellOf = (i: number) => {
      const s = a.stops[i];
      if (s.kind === 'restaurant') return (w.town.restaurants.find((r) => r.id === s.id)?.serviceMin ?? 5) * 60;
      if (s.kind === 'incident') return (a.fleet === 'tow' ? 10 : 8) * 60;
      if (s.kind === 'plant') return 15 * 60;
      if (s.kind === 'impound') return 5 * 60;
      return 0;
    };
    sv.plan = buildDrivePlan(w.network, w.graph, a, start, dwellOf);
    sv.piece = 0;
    sv.along = 0;
    sv.nextStop = a.stops.findIndex((s) => !s.done);
    // a crew told to set off later waits at its base until then
    const waitS = a.departAt !== undefined ? (a.departAt - w.clock.now()) / 1000 : 0;
    if (waitS > 0 && !a.stops.some((s) => s.done)) sv.dwell = Math.max(sv.dwell, waitS);
    // a driver reads the new work and acknowledges it after a few seconds
    const delayS = 3 + this.rng.int(12);
    if (this.world.config.simAutoAck) this.later(delayS, () => this.ack(sv.id, a.version));
  }

  private move(sv: SimVehicle, dtS: number): void {
    const plan = sv.plan;
    sv.speedMs = 0;
    sv.working = false;
    if (!plan) return;
    let t = dtS;
    while (t > 0) {
      if (sv.dwell > 0) {
        const d = Math.min(sv.dwell, t);
        sv.dwell -= d;
        t -= d;
        continue;
      }
      // stops reached at the end of the previous piece (or before the first)
      if (sv.nextStop >= 0 && sv.nextStop < plan.stopAt.length && plan.stopAt[sv.nextStop] < sv.piece) {
        sv.dwell = plan.dwellS[sv.nextStop];
        sv.nextStop++;
        continue;
      }
      const p = plan.pieces[sv.piece];
      if (!p) break;
      const step = Math.min(p.lenM - sv.along, p.speedMs * t);
      sv.along += step;
      t -= step / p.speedMs;
      sv.speedMs = p.speedMs;
      sv.working = p.working;
      sv.heading = bearingDeg(p.lat1, p.lon1, p.lat2, p.lon2);
      const f = sv.along / p.lenM;
      sv.lat = p.lat1 + (p.lat2 - p.lat1) * f;
      sv.lon = p.lon1 + (p.lon2 - p.lon1) * f;
      if (sv.along >= p.lenM - 1e-6) {
        sv.piece++;
        sv.along = 0;
      }
    }
  }

  private later(afterS: number, run: () => Promise<unknown>): void {
    this.scheduled.push({ atS: this.elapsedS + afterS, run });
  }

  private async events(dtS: number): Promise<void> {
    const w = this.world;
    this.elapsedS += dtS;
    const due = this.scheduled.filter((e) => e.atS <= this.elapsedS);
    this.scheduled = this.scheduled.filter((e) => e.atS > this.elapsedS);
    for (const e of due) await e.run().catch((err) => w.log.warn({ err }, 'scheduled simulator action failed'));
    const happens = (perHour: number) => this.rng.next() < (perHour * dtS) / 3600;
    if (happens(RATES.incident)) {
      const seg = w.network.segments[this.rng.int(w.network.segments.length)];
      const [lat, lon] = seg.geometry[Math.floor(seg.geometry.length / 2)];
      let r = this.rng.next();
      const type = INCIDENT_MIX.find(([, p]) => (r -= p) < 0)?.[0] ?? 'illegal_parking';
      const plate = '粤B' + Array.from({ length: 5 }, () => PLATE_CHARS[this.rng.int(PLATE_CHARS.length)]).join('');
      await this.dispatcher.incidents.create({ type, lat, lon, plate: type.endsWith('parking') ? plate : undefined, source: 'hotline' }, 'simulator');
    }
    if (happens(RATES.request)) {
      const r = this.rng.pick(w.town.restaurants);
      this.dispatcher.addRequest(r.id, 50 + this.rng.int(150));
    }
    if (happens(RATES.breakdown)) {
      const candidates = w.fleet.all().filter((v) => v.spec.fleet !== 'squad' && v.status !== 'broken');
      if (candidates.length) {
        const v = this.rng.pick(candidates);
        await this.dispatcher.vehicleEvent(v.spec.id, 'breakdown');
        // repaired after 30 to 60 simulated minutes
        this.later((30 + this.rng.int(30)) * 60, () => this.dispatcher.vehicleEvent(v.spec.id, 'repaired'));
      }
    }
    if (happens(RATES.full)) {
      const loaded = w.fleet.ofFleet('kitchen').filter((v) => v.load > 0.4 * v.spec.capacity && v.status !== 'broken');
      if (loaded.length) await this.dispatcher.vehicleEvent(this.rng.pick(loaded).spec.id, 'full');
    }
  }
}
