import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { CaseStep, Incident, IncidentStatus, IncidentType } from '../../contracts/domain.js';
import { INCIDENT_TYPES } from '../../contracts/domain.js';
import type { World } from '../world.js';

/** Time limit per incident type, minutes (configurable per bureau; these follow the ~10 min squad arrival in DOMAIN.md). */
export const INCIDENT_LIMITS_MIN: Record<IncidentType, number> = {
  illegal_parking: 30,
  two_wheeler_parking: 45,
  illegal_dumping: 120,
  road_debris: 60,
  street_vending: 60,
};

/** Which fleet answers an incident type. */
export function responderFleet(type: IncidentType): 'tow' | 'squad' {
  return type === 'illegal_parking' || type === 'two_wheeler_parking' ? 'tow' : 'squad';
}

export const incidentRequestSchema = z.strictObject({
  type: z.enum(INCIDENT_TYPES as [IncidentType, ...IncidentType[]]),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  plate: z.string().trim().min(1).max(16).optional(),
  description: z.string().max(2000).optional(),
  source: z.enum(['hotline', 'patrol', 'camera', 'driver']).optional(),
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

/** Case loop for incidents: intake, steps with time stamps and who did them. */
export class Incidents {
  private readonly open = new Map<string, Incident>();
  /** road node each open incident is reached at */
  readonly nodeOf = new Map<string, number>();
  private seq = 0;

  constructor(
    private readonly world: World,
    private readonly onChange: (i: Incident, step: CaseStep) => void,
  ) {}

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

  /** Validates a report and opens a case; throws a ZodError / Error with a clear message on bad input. */
  async create(input: unknown, source: Incident['source'] = 'hotline'): Promise<Incident> {
    const req = incidentRequestSchema.parse(input);
    const w = this.world;
    const hit = w.snapper.nearestSegment(req.lat, req.lon, 500);
    if (!hit) throw new Error('location is not near any road of the service area');
    const now = Math.round(w.clock.now());
    const day = new Date(now + w.town.utcOffsetMin * 60_000).toISOString().slice(0, 10).replaceAll('-', '');
    // unique across server processes: a sequence for people, a random tail for uniqueness
    const id = `INC-${day}-${String(++this.seq).padStart(4, '0')}-${randomBytes(3).toString('hex')}`;
    const incident: Incident = {
      id,
      type: req.type,
      lat: req.lat,
      lon: req.lon,
      plate: req.plate,
      description: req.description,
      source: req.source ?? source,
      status: 'accepted',
      createdAt: now,
      deadline: now + INCIDENT_LIMITS_MIN[req.type] * 60_000,
      history: [{ step: 'accept', at: now, by: 'system' }],
    };
    this.track(incident);
    await w.adapters.store.saveIncident(incident);
    this.onChange(incident, 'accept');
    return incident;
  }

  /** Records a step of the case loop. */
  async step(id: string, step: CaseStep, by: string, patch: Partial<Incident> = {}, note?: string): Promise<Incident | undefined> {
    const i = this.open.get(id);
    if (!i) return undefined;
    const now = Math.round(this.world.clock.now());
    Object.assign(i, patch);
    i.history.push({ step, at: now, by, ...(note ? { note } : {}) });
    const status = STATUS_AFTER[step];
    if (status) i.status = status;
    if (step === 'arrive') i.arrivedAt = now;
    if (step === 'close' || step === 'cancel') {
      i.closedAt = now;
      this.open.delete(id);
      this.nodeOf.delete(id);
      this.closed.push(i);
    }
    await this.world.adapters.store.saveIncident(i);
    this.onChange(i, step);
    return i;
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
