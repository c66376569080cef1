import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { CaseStep, Incident, IncidentPin, IncidentStatus, IncidentType } from '../../contracts/domain.js';
import { INCIDENT_TYPES } from '../../contracts/domain.js';
import type { World } from '../world.js';
import { BY_PATTERN, DEFAULT_LIMITS_MIN, lateness, MANUAL_STEPS, maskContact, parseIncidentLimits, transitionError } from './case-loop.js';

/** Default time limit per incident type, minutes; INCIDENT_LIMITS overrides it per deployment. */
export const INCIDENT_LIMITS_MIN: Readonly<Record<IncidentType, number>> = DEFAULT_LIMITS_MIN;

/** Which fleet answers an incident type. */
export function responderFleet(type: IncidentType): 'tow' | 'squad' {
  return type === 'illegal_parking' || type === 'two_wheeler_parking' ? 'tow' : 'squad';
}

/** A request the caller got wrong (4xx): the HTTP layer answers with `status` and the message. */
export class CaseError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** Most evidence photos per case (a WeChat post carries up to 9). */
export const MAX_PHOTOS = 9;

const by = z.string().regex(BY_PATTERN, 'must be "dispatcher", "driver", "vehicle" or "system", optionally followed by ":<id>"');

export const incidentRequestSchema = z
  .strictObject({
    type: z.enum(INCIDENT_TYPES as [IncidentType, ...IncidentType[]]),
    lat: z.number().min(-90).max(90).optional(),
    lon: z.number().min(-180).max(180).optional(),
    /** address or place name; resolves to a point when lat/lon are missing */
    location: z.string().trim().min(1).max(200).optional(),
    plate: z.string().trim().min(1).max(16).optional(),
    description: z.string().max(2000).optional(),
    source: z.enum(['hotline', 'patrol', 'camera', 'driver']).optional(),
    reporterContact: z.string().trim().min(3).max(100).optional(),
    photos: z.array(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048)).max(MAX_PHOTOS).optional(),
    by: by.optional(),
  })
  .refine((r) => (r.lat === undefined) === (r.lon === undefined), { message: 'give both lat and lon, or neither' })
  .refine((r) => r.lat !== undefined || r.location !== undefined, { message: 'give a point (lat, lon) or a location' });

export const stepRequestSchema = z.strictObject({
  step: z.enum(MANUAL_STEPS),
  by,
  note: z.string().trim().max(500).optional(),
});

export const pinRequestSchema = z.strictObject({
  vehicleId: z.string().min(1).max(64),
  by: by.optional(),
});

const STATUS_AFTER: Partial<Record<CaseStep, IncidentStatus>> = {
  accept: 'accepted',
  dispatch: 'dispatched',
  arrive: 'on_scene',
  handle: 'handled',
  close: 'closed',
  cancel: 'cancelled',
};

export const OPEN_STATUSES: readonly IncidentStatus[] = ['accepted', 'dispatched', 'on_scene', 'handled'];

/** Case loop for incidents: intake, steps with time stamps and who did them, pins. */
export class Incidents {
  private readonly open = new Map<string, Incident>();
  /** road node each open incident is reached at */
  readonly nodeOf = new Map<string, number>();
  /** time limit per type, minutes, after INCIDENT_LIMITS */
  readonly limitsMin: Readonly<Record<IncidentType, number>>;
  private seq = 0;

  constructor(
    private readonly world: World,
    private readonly onChange: (i: Incident, step: CaseStep) => void,
  ) {
    this.limitsMin = parseIncidentLimits(world.config.incidentLimits);
  }

  /** Reloads open incidents from the durable store (after a restart). */
  async restore(): Promise<void> {
    for (const i of await this.world.adapters.store.listIncidents({ open: true })) this.track(i);
    this.seq = this.open.size;
  }

  list(): Incident[] {
    return [...this.open.values()];
  }

  get(id: string): Incident | undefined {
    return this.open.get(id);
  }

  /** Validates a report and opens a case; throws a ZodError / CaseError with a clear message on bad input. */
  async create(input: unknown, source: Incident['source'] = 'hotline'): Promise<Incident> {
    const req = incidentRequestSchema.parse(input);
    const w = this.world;
    const point = req.lat !== undefined && req.lon !== undefined ? { lat: req.lat, lon: req.lon } : this.resolveLocation(req.location!);
    const hit = w.snapper.nearestSegment(point.lat, point.lon, 500);
    if (!hit) throw new CaseError(400, 'location is not near any road of the service area');
    const now = Math.round(w.clock.now());
    const day = new Date(now + w.town.utcOffsetMin * 60_000).toISOString().slice(0, 10).replaceAll('-', '');
    // unique across server processes: a sequence for people, a random tail for uniqueness
    const id = `INC-${day}-${String(++this.seq).padStart(4, '0')}-${randomBytes(3).toString('hex')}`;
    const incident: Incident = {
      id,
      type: req.type,
      lat: point.lat,
      lon: point.lon,
      plate: req.plate?.toUpperCase(),
      description: req.description,
      source: req.source ?? source,
      status: 'accepted',
      createdAt: now,
      deadline: now + this.limitsMin[req.type] * 60_000,
      history: [{ step: 'accept', at: now, by: req.by ?? 'system' }],
    };
    if (req.location) incident.location = req.location;
    // the raw contact is never stored: only its masked form leaves this function
    if (req.reporterContact) incident.reporterContact = maskContact(req.reporterContact);
    if (req.photos?.length) incident.photos = req.photos;
    this.track(incident);
    await w.adapters.store.saveIncident(incident);
    this.onChange(incident, 'accept');
    return incident;
  }

  /** A road, grid-cell or place name of the town as a point; CaseError 400 when nothing matches. */
  private resolveLocation(text: string): { lat: number; lon: number } {
    const q = text.toLowerCase();
    const { network, places } = this.world.town;
    const place = Object.values(places).find((p) => p.name.toLowerCase() === q);
    if (place) return place;
    const cell = network.cells.find((c) => c.name.toLowerCase() === q);
    if (cell) return { lat: (cell.bbox[0] + cell.bbox[2]) / 2, lon: (cell.bbox[1] + cell.bbox[3]) / 2 };
    // a road: the middle of its longest segment, so the point lies on the road itself
    let best: (typeof network.segments)[number] | undefined;
    for (const seg of network.segments) if (seg.name?.toLowerCase() === q && (!best || seg.lengthM > best.lengthM)) best = seg;
    if (best) {
      const [lat, lon] = best.geometry[Math.floor(best.geometry.length / 2)];
      return { lat, lon };
    }
    throw new CaseError(400, `location "${text}" matches no road, grid cell or place of ${this.world.town.name}; give lat and lon`);
  }

  /**
   * Records a step someone reports from the console or the field, after checking the body, that the
   * case exists and is open, that the step may follow and that this role may record it.
   */
  async record(id: string, input: unknown): Promise<Incident> {
    const req = stepRequestSchema.parse(input);
    const i = await this.openCase(id);
    const err = transitionError(i, req.step, req.by);
    if (err) throw new CaseError(409, err);
    const done = await this.step(id, req.step, req.by, {}, req.note);
    if (!done) throw new CaseError(409, `case ${id} changed meanwhile; reload it`);
    return done;
  }

  /** Pins a case to a unit (validated by the caller against the fleet); the planner honours it. */
  async pin(id: string, vehicleId: string, by: string): Promise<Incident> {
    const i = await this.openCase(id);
    if (i.status !== 'accepted' && i.status !== 'dispatched') throw new CaseError(409, `case ${id} is ${i.status}: a unit is already on scene`);
    i.pin = { vehicleId, by, at: Math.round(this.world.clock.now()) };
    await this.save(i, 'dispatch');
    return i;
  }

  /** Removes a dispatcher's pin; the planner decides freely again. */
  async unpin(id: string): Promise<Incident> {
    const i = await this.openCase(id);
    if (!i.pin) throw new CaseError(409, `case ${id} is not pinned`);
    delete i.pin;
    await this.save(i, 'dispatch');
    return i;
  }

  /** Stores what the planner found a pin costs (and why it was not honoured, if it was not). */
  async notePin(id: string, o: Omit<IncidentPin, 'vehicleId' | 'by' | 'at'>): Promise<void> {
    const i = this.open.get(id);
    if (!i?.pin) return;
    const { vehicleId, by, at } = i.pin;
    const next: IncidentPin = { vehicleId, by, at };
    for (const k of ['costS', 'lateS', 'responseS', 'warning'] as const) if (o[k] !== undefined) Object.assign(next, { [k]: o[k] });
    if (JSON.stringify(next) === JSON.stringify(i.pin)) return;
    i.pin = next;
    await this.save(i, 'dispatch');
  }

  private async openCase(id: string): Promise<Incident> {
    const i = this.open.get(id);
    if (i) return i;
    const stored = await this.world.adapters.store.getIncident(id);
    if (stored) throw new CaseError(409, `case ${id} is ${stored.status}`);
    throw new CaseError(404, `no incident ${id}`);
  }

  /**
   * Records a step of the case loop. A step that may not follow (a unit reaches a case the field
   * already closed, say) is not recorded: returns undefined.
   */
  async step(id: string, step: CaseStep, by: string, patch: Partial<Incident> = {}, note?: string): Promise<Incident | undefined> {
    const i = this.open.get(id);
    if (!i) return undefined;
    const err = transitionError(i, step);
    if (err) {
      this.world.log.debug({ incident: id, step, by, err }, 'case step skipped');
      return undefined;
    }
    const now = Math.round(this.world.clock.now());
    Object.assign(i, patch);
    i.history.push({ step, at: now, by, ...(note ? { note } : {}) });
    const status = STATUS_AFTER[step];
    if (status) i.status = status;
    if (step === 'arrive') i.arrivedAt = now;
    if (step === 'close' || step === 'cancel') {
      i.closedAt = now;
      delete i.pin;
      const late = lateness(i, now);
      if (late) {
        i.lateReason = late.reason;
        i.lateByS = late.byS;
      }
      this.open.delete(id);
      this.nodeOf.delete(id);
      this.closed.push(i);
    }
    await this.save(i, step);
    return i;
  }

  private async save(i: Incident, step: CaseStep): Promise<void> {
    await this.world.adapters.store.saveIncident(i);
    this.onChange(i, step);
  }

  /** Takes in a case changed by another process (or our own, published back: then nothing changes). */
  upsert(i: Incident): void {
    const mine = this.open.get(i.id);
    if (mine === i) return;
    if (i.status === 'closed' || i.status === 'cancelled') {
      if (mine) {
        this.open.delete(i.id);
        this.nodeOf.delete(i.id);
        this.closed.push(i);
      }
      return;
    }
    this.track(i);
  }

  /** Closed today, for KPIs. */
  readonly closed: Incident[] = [];

  private track(i: Incident): void {
    this.open.set(i.id, i);
    this.nodeOf.set(i.id, this.world.snapper.nearestNode(i.lat, i.lon));
  }
}
