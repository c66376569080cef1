import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ZodError } from 'zod';
import type { NetworkGeoJson, TownInfo } from '../../contracts/api.js';
import { FLEETS, type Fleet } from '../../contracts/domain.js';
import type { Dispatcher, VehicleEvent } from '../dispatch/dispatcher.js';
import { INCIDENT_LIMITS_MIN } from '../dispatch/incidents.js';
import { attributed, incidentRoutes } from './incident-routes.js';
import { coverageRoutes } from './coverage-routes.js';
import { admission, cors, createRateLimiter, isUnavailable, jsonBody, parseOrigins, rateLimit, requireJson, securityHeaders, sendUnavailable } from './hardening.js';
import type { DevicePorts } from '../ingest/devices.js';
import type { Ingest } from '../ingest/ingest.js';
import type { World } from '../world.js';
import type { AccountDirectory } from '../auth/accounts.js';
import type { SessionUser } from '../../contracts/auth.js';
import { AuthError } from '../auth/accounts.js';
import { authorize } from '../auth/policy.js';
import { authRoutes } from './auth-routes.js';

export interface HttpDeps {
  world: World;
  dispatcher: Dispatcher;
  ingest: Ingest;
  kpis: () => unknown;
  /** device protocols: the OsmAnd router is mounted at /osmand, the rest reports its counters */
  devices?: Pick<DevicePorts, 'osmandRouter' | 'ports' | 'stats'>;
  /** shared ingestion gate (rate limit, admission); default: one of its own */
  ingestGate?: RequestHandler[];
  /** accounts: who is calling, and sign-in */
  directory: AccountDirectory;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Zod's issues as one readable line: "lat: Too big: expected number to be <=90". */
function zodMessage(err: ZodError): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

export function townInfo(world: World, incidentLimitsMin: TownInfo['incidentLimitsMin'] = INCIDENT_LIMITS_MIN): TownInfo {
  const t = world.town;
  const fleetCounts = Object.fromEntries(FLEETS.map((f) => [f, t.fleet.filter((v) => v.fleet === f).length])) as Record<Fleet, number>;
  return {
    name: t.name,
    bbox: t.network.bbox,
    attribution: t.network.attribution,
    places: t.places,
    restaurants: t.restaurants,
    cells: t.network.cells,
    fleetCounts,
    utcOffsetMin: t.utcOffsetMin,
    tileUrl: world.config.tileUrl,
    incidentLimitsMin,
  };
}

export function networkGeoJson(world: World): NetworkGeoJson {
  const planned = new Set(world.town.plannedSweepSegments);
  return {
    type: 'FeatureCollection',
    features: world.network.segments.map((s) => ({
      type: 'Feature',
      id: s.id,
      properties: { id: s.id, cls: s.roadClass, oneway: s.oneway, name: s.name, cell: s.cellId, planned: planned.has(s.id) },
      geometry: { type: 'LineString', coordinates: s.geometry.map(([la, lo]) => [Math.round(lo * 1e6) / 1e6, Math.round(la * 1e6) / 1e6]) },
    })),
    water: world.network.water?.map((ring) => [ring.map(([la, lo]) => [lo, la] as [number, number])]),
  };
}

const VEHICLE_EVENTS: readonly VehicleEvent[] = ['breakdown', 'repaired', 'full'];

/**
 * What every ingestion endpoint passes first: a per-client rate limit, then 503 while storage is
 * saturated. One instance is shared by all HTTP ports so a client's budget is one budget.
 */
export function createIngestGate(world: World): RequestHandler[] {
  const cfg = world.config;
  return [rateLimit(createRateLimiter(cfg.ingestRate, cfg.ingestBurst)), admission(world.adapters.backpressure, cfg.retryAfterS)];
}

/** Express "trust proxy" from TRUST_PROXY (a hop count, "loopback", or addresses). */
export function applyTrustProxy(app: express.Express, trustProxy: string | undefined): void {
  if (trustProxy) app.set('trust proxy', /^\d+$/.test(trustProxy) ? Number(trustProxy) : trustProxy);
}

/** The HTTP API (/api/v1) and the built console. */
export function createApp(deps: HttpDeps): express.Express {
  const { world, dispatcher, ingest } = deps;
  const app = express();
  app.disable('x-powered-by');
  const cfg = world.config;
  applyTrustProxy(app, cfg.trustProxy);
  app.use(securityHeaders(cfg.tileUrl), cors(parseOrigins(cfg.corsOrigins)));
  // every API call is checked against server/auth/policy.ts first: who is calling, and may they
  app.use('/api/v1', authorize((credential) => deps.directory.authenticate(credential)));
  // ingestion: per-client rate limit, then 503 while storage is saturated, before any body is read
  const ingestGate = deps.ingestGate ?? createIngestGate(world);
  app.post('/api/v1/positions', ...ingestGate, requireJson, jsonBody(cfg.positionsBodyLimit, false));
  // Traccar Client phones: "server URL" http://<host>:<port>/osmand (before the JSON API's body parser)
  if (deps.devices) app.use('/osmand', ...ingestGate, deps.devices.osmandRouter);
  app.use('/api/v1', requireJson, jsonBody(cfg.apiBodyLimit));
  const api = express.Router();
  // the network is large and static: serialise once
  let networkJson: string | undefined;

  const perMinute = cfg.signinRate / 60;
  api.use(authRoutes({ directory: deps.directory, byAddress: createRateLimiter(perMinute, cfg.signinRate), byUser: createRateLimiter(perMinute, cfg.signinRate) }));
  api.get('/health', async (_req, res) => {
    const archiveBacklog = world.adapters.archive ? await world.adapters.archive.backlog().catch(() => -1) : 0;
    res.json({ ok: true, now: Math.round(world.clock.now()), adapters: world.adapters.kind, archiveBacklog });
  });
  api.post('/positions', async (req, res) => {
    const body = req.body as { positions?: unknown } | undefined;
    if (!body || typeof body !== 'object' || !Array.isArray(body.positions)) throw new HttpError(400, 'body must be {"positions":[...]}');
    const positions: unknown[] = body.positions;
    if (positions.length > world.config.maxBatch) throw new HttpError(413, `at most ${world.config.maxBatch} positions per request`);
    const scope = (res.locals.user as SessionUser | undefined)?.vehicleIds;
    if (!scope) return void res.status(202).json(await ingest.ingest(positions));
    // a device key limited to some vehicles: the others are refused one by one, like any bad fix
    const allowed = new Set(scope);
    const kept: number[] = [];
    const refused: { index: number; reason: string }[] = [];
    positions.forEach((p, i) => {
      const id = (p as { vehicleId?: unknown } | null)?.vehicleId;
      if (typeof id === 'string' && allowed.has(id)) kept.push(i);
      else refused.push({ index: i, reason: `this device key may not report vehicle ${typeof id === 'string' ? id.slice(0, 64) : String(typeof id)}` });
    });
    const r = await ingest.ingest(kept.map((i) => positions[i]));
    const rejected = [...refused, ...r.rejected.map((x) => ({ ...x, index: kept[x.index] }))].sort((a, b) => a.index - b.index);
    res.status(202).json({ ...r, rejected });
  });
  api.get('/vehicles', (_req, res) => {
    res.json(world.fleet.views());
  });
  api.get('/archive', async (req, res) => {
    // how many fixes the track archive holds (all, or one vehicle's), and what is still queued for it
    const vehicleId = req.query.vehicleId;
    if (vehicleId !== undefined && (typeof vehicleId !== 'string' || !world.fleet.has(vehicleId))) throw new HttpError(404, `unknown vehicle ${String(vehicleId)}`);
    const [fixes, backlog] = await Promise.all([world.adapters.store.countTrack(vehicleId), world.adapters.archive?.backlog() ?? 0]);
    res.json({ fixes, backlogEntries: backlog });
  });
  api.get('/vehicles/:id', (req, res) => {
    const v = world.fleet.get(String(req.params.id));
    if (!v) throw new HttpError(404, `unknown vehicle ${req.params.id}`);
    res.json(world.fleet.view(v));
  });
  api.post('/vehicles/:id/events', async (req, res) => {
    const type = (req.body as { type?: unknown } | undefined)?.type;
    if (!VEHICLE_EVENTS.includes(type as VehicleEvent)) throw new HttpError(400, `type must be one of ${VEHICLE_EVENTS.join(', ')}`);
    if (!world.fleet.has(String(req.params.id))) throw new HttpError(404, `unknown vehicle ${req.params.id}`);
    await dispatcher.vehicleEvent(String(req.params.id), type as VehicleEvent);
    res.status(202).json({ ok: true });
  });
  api.post('/incidents', async (req, res) => {
    res.status(201).json(await dispatcher.incidents.create(attributed(res, req.body)));
  });
  api.use(incidentRoutes(world, dispatcher));
  api.get('/incidents', async (req, res) => {
    res.json(req.query.open ? dispatcher.incidents.list() : await world.adapters.store.listIncidents());
  });
  api.get('/incidents/:id', async (req, res) => {
    const i = dispatcher.incidents.get(String(req.params.id)) ?? (await world.adapters.store.getIncident(String(req.params.id)));
    if (!i) throw new HttpError(404, `no incident ${req.params.id}`);
    res.json(i);
  });
  api.get('/assignments', (_req, res) => {
    res.json(world.fleet.all().flatMap((v) => (v.assignment ? [v.assignment] : [])));
  });
  api.get('/assignments/:vehicleId', (req, res) => {
    const a = world.fleet.get(String(req.params.vehicleId))?.assignment;
    if (!a) throw new HttpError(404, `no assignment for ${req.params.vehicleId}`);
    res.json(a);
  });
  api.post('/restaurants/:id/requests', (req, res) => {
    const kg = (req.body as { kg?: unknown } | undefined)?.kg;
    if (typeof kg !== 'number' || !(kg > 0 && kg <= 5000)) throw new HttpError(400, 'kg must be a number in (0, 5000]');
    if (!dispatcher.addRequest(String(req.params.id), kg)) throw new HttpError(404, `unknown restaurant ${req.params.id}`);
    res.status(202).json({ ok: true });
  });
  api.get('/town', (_req, res) => {
    res.json(townInfo(world, dispatcher.incidents.limitsMin));
  });
  api.get('/network', (_req, res) => {
    networkJson ??= JSON.stringify(networkGeoJson(world));
    res.type('application/json').send(networkJson);
  });
  api.get('/devices', (_req, res) => {
    res.json({ ports: deps.devices?.ports ?? {}, ...(deps.devices?.stats() ?? {}) });
  });
  api.use(coverageRoutes(world, dispatcher));
  api.get('/kpis', (_req, res) => {
    res.json(deps.kpis());
  });
  api.use((req) => {
    throw new HttpError(404, `no route ${req.method} /api/v1${req.path}`);
  });
  app.use('/api/v1', api);

  const staticDir = path.resolve(world.config.staticDir);
  if (existsSync(staticDir)) {
    app.use(express.static(staticDir, { index: 'index.html' }));
    // the console is a single-page app: /driver/<id> and any other page load index.html
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => res.sendFile(path.join(staticDir, 'index.html')));
  } else {
    app.get('/', (_req, res) => {
      res.type('text/plain').send(`Console not built: run "npm run build" (looked in ${staticDir}).`);
    });
  }

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof HttpError || err instanceof AuthError) return void res.status(err.status).json({ error: err.message });
    if (isUnavailable(err)) return sendUnavailable(res, err);
    if (err instanceof ZodError) return void res.status(400).json({ error: zodMessage(err) });
    const e = err as { type?: string; status?: number; message?: string };
    if (e?.type === 'entity.parse.failed') return void res.status(400).json({ error: `malformed JSON: ${e.message}` });
    if (e?.type === 'entity.too.large') return void res.status(413).json({ error: 'request body too large' });
    if (e?.status && e.status >= 400 && e.status < 500) return void res.status(e.status).json({ error: e.message ?? 'bad request' });
    if (e instanceof Error && /not near any road|unknown vehicle/.test(e.message)) return void res.status(400).json({ error: e.message });
    world.log.error({ err }, 'request failed');
    res.status(500).json({ error: 'internal error' });
  });
  return app;
}
