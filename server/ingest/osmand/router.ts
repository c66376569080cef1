/** HTTP endpoint for phones running Traccar Client (OsmAnd protocol), on the shared ingestion path. */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Ingest } from '../ingest.js';
import { bearer } from '../../auth/policy.js';
import { decodeOsmandJson, decodeOsmandQuery, type OsmandDecoded } from './decode.js';

export interface OsmandDeps {
  ingest: Pick<Ingest, 'ingest'>;
  /** device identifier (the app's "device identifier" setting) -> vehicle id */
  resolveVehicle: (deviceId: string) => string | undefined;
  log?: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  /** time given to a report that carries none (default Date.now; pass the server clock) */
  now?: () => number;
  /**
   * When set, a report must carry a device key: `key=<key>` in the query string (Traccar Client
   * keeps a query string written into its server URL) or form, or `Authorization: Bearer <key>`.
   * Answers which vehicles the key may report (undefined: not a device key). Unset: devices are
   * known by their identifier alone.
   */
  checkKey?: (key: string | undefined) => ((vehicleId: string) => boolean) | undefined;
}

/** The device key a report carries, if any. */
function reportKey(req: Request): string | undefined {
  const auth = bearer(req.headers.authorization);
  if (auth) return auth;
  const q = new URL(req.originalUrl, 'http://localhost').searchParams.get('key');
  if (q) return q;
  const form = (req.body as { key?: unknown } | undefined)?.key;
  return typeof form === 'string' ? form : undefined;
}

const DUPLICATE = /^duplicate fix/;

/** Decodes whichever form the request uses: JSON body, form body, or the query string. */
export function decodeOsmandRequest(req: Pick<Request, 'originalUrl' | 'body' | 'is'>): OsmandDecoded {
  const body: unknown = req.body;
  const query = new URL(req.originalUrl, 'http://localhost').searchParams;
  const isObject = !!body && typeof body === 'object' && !Array.isArray(body);
  if (isObject && ('location' in body || 'device_id' in body)) return decodeOsmandJson(body);
  // older clients POST the query string with an empty body, whatever the content type says
  if (req.is('application/json') && !query.has('id') && !query.has('deviceid')) return decodeOsmandJson(body);
  if (isObject) {
    // a form body (application/x-www-form-urlencoded): its keys win over the query string's
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) if (typeof v === 'string') query.set(k, v);
  }
  return decodeOsmandQuery(query);
}

/**
 * Router answering `GET|POST /` like a Traccar server: 200 when stored (or already stored: the app
 * resends after a lost response), 400 for a malformed report, 404 for an unknown device, 503 when
 * storage fails (the app keeps the report and retries).
 */
export function createOsmandRouter(deps: OsmandDeps): express.Router {
  const router = express.Router();
  const now = deps.now ?? Date.now;
  router.use(express.json({ limit: '1mb' }), express.urlencoded({ extended: false, limit: '64kb' }));
  router.all('/', async (req: Request, res: Response) => {
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.status(405).json({ error: 'use GET or POST' });
      return;
    }
    const may = deps.checkKey?.(reportKey(req));
    if (deps.checkKey && !may) {
      res.status(401).json({ error: 'this server wants a device key: add key=<device key> to the server URL in Traccar Client' });
      return;
    }
    const decoded = decodeOsmandRequest(req);
    if (!decoded.ok) {
      res.status(400).json({ error: decoded.error });
      return;
    }
    const inputs = [];
    for (const p of decoded.positions) {
      const vehicleId = deps.resolveVehicle(p.deviceId);
      if (!vehicleId) {
        res.status(404).json({ error: `unknown device "${p.deviceId}": no vehicle has this device identifier` });
        return;
      }
      if (may && !may(vehicleId)) {
        res.status(403).json({ error: `this device key may not report vehicle ${vehicleId}` });
        return;
      }
      if (p.lat === undefined || p.lon === undefined) {
        res.status(400).json({ error: 'no position: lat and lon (or location=lat,lon) are required' });
        return;
      }
      if (!p.valid) continue; // the phone itself says the fix is not valid: nothing to store
      inputs.push({ vehicleId, lat: p.lat, lon: p.lon, ts: p.time ?? Math.round(now()), speedKmh: p.speedKmh, heading: p.heading, working: p.working });
    }
    if (inputs.length === 0) {
      res.status(200).json({ accepted: 0, rejected: [] });
      return;
    }
    let result;
    try {
      result = await deps.ingest.ingest(inputs);
    } catch (err) {
      deps.log?.error({ err }, 'osmand ingest failed');
      res.status(503).json({ error: 'positions could not be stored; retry later' });
      return;
    }
    const refused = result.rejected.filter((r) => !DUPLICATE.test(r.reason));
    if (refused.length) {
      deps.log?.debug({ refused }, 'osmand fix rejected');
      res.status(400).json({ error: refused.map((r) => r.reason).join('; '), accepted: result.accepted, rejected: result.rejected });
      return;
    }
    res.status(200).json(result);
  });
  // malformed JSON and oversized bodies: a clear 4xx, not the framework's HTML page
  router.use((err: { status?: number; message?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    res.status(status).json({ error: status === 500 ? 'internal error' : `bad request: ${err.message ?? 'unreadable body'}` });
  });
  return router;
}
