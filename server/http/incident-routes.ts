/**
 * The case loop over HTTP (mounted under /api/v1 by routes.ts):
 *
 * POST   /incidents/:id/steps   {"step","by","note"?}     -> 200 Incident (409 when the step may not follow)
 * POST   /incidents/:id/pin     {"vehicleId","by"?}       -> 200 PinResponse
 * DELETE /incidents/:id/pin                               -> 200 Incident
 * GET    /reports/incidents[.csv]?from=&to=               -> IncidentReport | text/csv
 * GET    /squads/placement                               -> SquadPlacement (404 before the first)
 * POST   /squads/placement                               -> SquadPlacement, placed now (planning process only)
 */
import express, { type Response } from 'express';
import type { SessionUser } from '../../contracts/auth.js';
import { AuthError } from '../auth/accounts.js';
import type { PinResponse } from '../../contracts/api.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import { incidentReport, reportCsv } from '../dispatch/incident-report.js';
import { CaseError, responderFleet } from '../dispatch/incidents.js';
import { pinCase } from '../dispatch/response-planner.js';
import type { World } from '../world.js';
import { localMidnight } from '../clock.js';

const DAY_MS = 86_400_000;
/** Longest span one report covers. */
const MAX_SPAN_DAYS = 366;

/** A time bound from the query: epoch ms or an ISO 8601 date/time; CaseError 400 otherwise. */
function timeParam(v: unknown, name: string): number | undefined {
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') throw new CaseError(400, `${name} must be given once`);
  const t = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(t)) throw new CaseError(400, `${name} must be epoch milliseconds or an ISO 8601 date, got "${v}"`);
  return t;
}

/**
 * The body with `by` set to the signed-in caller ("dispatcher:<username>", "driver:<username>"):
 * a case step is attributed to whoever took it, whatever the body says.
 */
export function attributed(res: Response, body: unknown): unknown {
  const user = res.locals.user as SessionUser | undefined;
  if (!user || !body || typeof body !== 'object' || Array.isArray(body)) return body;
  const by = `${user.role === 'driver' ? 'driver' : 'dispatcher'}:${user.username}`;
  return { ...(body as object), by, ...(user.role === 'driver' && 'type' in body ? { source: 'driver' } : {}) };
}

export function incidentRoutes(world: World, dispatcher: Dispatcher): express.Router {
  const r = express.Router();
  const incidents = dispatcher.incidents;

  r.post('/incidents/:id/steps', async (req, res) => {
    const user = res.locals.user as SessionUser | undefined;
    if (user?.role === 'driver') {
      // a driver records steps of the cases given to their own vehicle only
      const open = incidents.get(String(req.params.id));
      if (open && open.assignedVehicleId !== user.vehicleId) throw new AuthError(403, `case ${open.id} is not assigned to your vehicle (${user.vehicleId})`);
    }
    const i = await incidents.record(String(req.params.id), attributed(res, req.body));
    // a closed or cancelled case frees its unit; a late feedback changes nothing for the planner
    if (i.status === 'closed' || i.status === 'cancelled') dispatcher.askReplan(responderFleet(i.type), 'case-closed');
    res.json(i);
  });
  r.post('/incidents/:id/pin', async (req, res) => {
    const out = await pinCase(world, dispatcher.book, incidents, String(req.params.id), attributed(res, req.body));
    dispatcher.askReplan(responderFleet(out.incident.type), 'pin');
    res.json(out satisfies PinResponse);
  });
  r.delete('/incidents/:id/pin', async (req, res) => {
    const i = await incidents.unpin(String(req.params.id));
    dispatcher.askReplan(responderFleet(i.type), 'pin');
    res.json(i);
  });

  r.get('/squads/placement', (_req, res) => {
    const p = dispatcher.squadPosts.current;
    if (!p) throw new CaseError(404, 'squads have not been placed yet: POST /api/v1/squads/placement, or wait for the hourly run');
    res.json(p);
  });
  r.post('/squads/placement', async (_req, res) => {
    if (!world.adapters.leader.isLeader()) throw new CaseError(409, 'this process does not plan for the fleet; send the request to the planning process');
    res.json(await dispatcher.squadPosts.place('request'));
  });

  const report = async (query: Record<string, unknown>) => {
    const now = world.clock.now();
    const to = timeParam(query.to, 'to') ?? now + 1;
    // default: since local midnight seven days ago
    const from = timeParam(query.from, 'from') ?? localMidnight(now, world.town.utcOffsetMin) - 6 * DAY_MS;
    if (!(from < to)) throw new CaseError(400, 'from must be before to');
    if (to - from > MAX_SPAN_DAYS * DAY_MS) throw new CaseError(400, `a report covers at most ${MAX_SPAN_DAYS} days`);
    // the store holds every case; open ones are fresher in memory
    const byId = new Map((await world.adapters.store.listIncidents()).map((i) => [i.id, i]));
    for (const i of [...incidents.closed, ...incidents.list()]) byId.set(i.id, i);
    const segments = world.network.segments;
    return incidentReport([...byId.values()], from, to, {
      now,
      utcOffsetMin: world.town.utcOffsetMin,
      cells: world.network.cells,
      cellOf: (lat, lon) => {
        const hit = world.snapper.nearestSegment(lat, lon, 500);
        return hit ? segments[hit.segmentId].cellId : -1;
      },
    });
  };
  r.get('/reports/incidents.csv', async (req, res) => {
    const rep = await report(req.query);
    const day = new Date(rep.from + world.town.utcOffsetMin * 60_000).toISOString().slice(0, 10);
    res.type('text/csv; charset=utf-8').attachment(`incidents-${day}.csv`).send('\uFEFF' + reportCsv(rep));
  });
  r.get('/reports/incidents', async (req, res) => {
    res.json(await report(req.query));
  });
  return r;
}
