import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { Assignment, Fix, Incident, Kpis, VehicleView } from '../../contracts/domain.js';
import type {
  ConsoleClientToServer,
  ConsoleServerToClient,
  ConsoleSnapshot,
  DriverClientToServer,
  DriverServerToClient,
} from '../../contracts/events.js';
import type { Ingest } from '../ingest/ingest.js';
import type { FleetState } from '../live/fleet-state.js';
import { clientKey, type Backpressure, type RateLimiter } from '../http/hardening.js';
import type { EventBusPort } from '../ports.js';
import type { Role, SessionUser } from '../../contracts/auth.js';

export interface RealtimeDeps {
  fleet: FleetState;
  bus: EventBusPort;
  ingest: Ingest;
  snapshot: () => ConsoleSnapshot;
  /** who a session token belongs to now (undefined: none, expired or ended) */
  authenticate: (credential: string | undefined) => SessionUser | undefined;
  /** calls back whenever accounts changed (here or, once loaded, on another process) */
  onAccountsChanged?: (fn: () => void) => () => void;
  /** records a driver's acknowledgement; returns an error message or undefined */
  ack: (vehicleId: string, version: number) => Promise<string | undefined>;
  batchMs: number;
  /** browser origins allowed besides the server's own (CORS_ORIGINS) */
  corsOrigins?: readonly string[];
  /** per-client limit on driver fixes, shared with nothing else */
  fixLimiter?: RateLimiter;
  /** refuse fixes while storage is saturated */
  backpressure?: Backpressure;
}

export interface Realtime {
  io: Server;
  close(): Promise<void>;
}

const room = (vehicleId: string) => `vehicle:${vehicleId}`;

/** Roles that see the dispatch console. */
const CONSOLE_ROLES: readonly Role[] = ['admin', 'dispatcher', 'manager'];
/** Roles that may watch a vehicle's driver view without being its driver (read-only). */
const WATCH_ROLES: readonly Role[] = ['admin', 'dispatcher'];

/** A handshake refusal the client can tell apart: `err.data.status` is 401 or 403. */
function refused(status: 401 | 403, message: string): Error {
  return Object.assign(new Error(message), { data: { status } });
}

const tokenOf = (auth: unknown): string | undefined => {
  const t = (auth as { token?: unknown } | null)?.token;
  return typeof t === 'string' ? t : undefined;
};

/**
 * Socket.IO: `/console` gets batched positions and every change; `/driver` has one room per
 * vehicle, gets its assignment (again on reconnect) and sends acks and fixes.
 */
export function attachRealtime(http: HttpServer, deps: RealtimeDeps): Realtime {
  const origins = new Set(deps.corsOrigins ?? []);
  const io = new Server(http, {
    serveClient: false,
    cors: { origin: origins.size ? [...origins] : false },
    // every client message is small (an ack, one fix): refuse big frames before parsing them
    maxHttpBufferSize: 64 * 1024,
    // CORS does not cover WebSocket upgrades: a browser page from another origin is refused here
    allowRequest: (req, cb) => {
      const origin = req.headers.origin;
      if (!origin || origins.has(origin)) return cb(null, true);
      try {
        cb(null, new URL(origin).host === req.headers.host);
      } catch {
        cb(null, false);
      }
    },
  });
  const consoles = io.of('/console') as unknown as import('socket.io').Namespace<ConsoleClientToServer, ConsoleServerToClient>;
  const drivers = io.of('/driver') as unknown as import('socket.io').Namespace<DriverClientToServer, DriverServerToClient>;

  consoles.use((socket, next) => {
    const token = tokenOf(socket.handshake.auth);
    const user = token === undefined ? undefined : deps.authenticate(token);
    if (!user) return next(refused(401, token === undefined ? 'sign in first: pass auth { token }' : 'your sign-in has expired or is no longer valid: sign in again'));
    if (!CONSOLE_ROLES.includes(user.role)) return next(refused(403, `a ${user.role} may not open the dispatch console`));
    socket.data.token = token;
    socket.data.username = user.username;
    next();
  });
  consoles.on('connection', (socket) => {
    socket.emit('snapshot', deps.snapshot());
    socket.on('snapshot', (cb) => {
      if (typeof cb === 'function') cb(deps.snapshot());
    });
  });

  // a driver joins the room of the vehicle they are signed in to, and only that one; a dispatcher
  // may watch any vehicle's driver view, read-only
  drivers.use((socket, next) => {
    const token = tokenOf(socket.handshake.auth);
    const user = token === undefined ? undefined : deps.authenticate(token);
    if (!user) return next(refused(401, token === undefined ? 'sign in first: pass auth { token }' : 'your sign-in has expired or is no longer valid: sign in again'));
    const asked = (socket.handshake.auth as { vehicleId?: unknown }).vehicleId;
    let id: string;
    if (user.role === 'driver') {
      if (asked !== undefined && asked !== user.vehicleId) return next(refused(403, `you are signed in to ${user.vehicleId}, not ${typeof asked === 'string' ? asked.slice(0, 64) : 'another vehicle'}`));
      id = user.vehicleId as string;
    } else if (WATCH_ROLES.includes(user.role)) {
      if (typeof asked !== 'string' || !deps.fleet.has(asked)) return next(refused(403, 'unknown vehicle: pass auth { token, vehicleId }'));
      id = asked;
    } else return next(refused(403, `a ${user.role} may not open a driver view`));
    if (!deps.fleet.has(id)) return next(refused(403, `unknown vehicle ${id}`));
    socket.data.vehicleId = id;
    socket.data.token = token;
    socket.data.username = user.username;
    socket.data.readOnly = user.role !== 'driver';
    next();
  });
  /** the socket's driver, still signed in to this vehicle; else an error to answer with */
  const driverError = (socket: { data: Record<string, unknown> }): string | undefined => {
    if (socket.data.readOnly) return 'this is a read-only view: only the vehicle\'s driver may do that';
    const user = deps.authenticate(socket.data.token as string);
    if (!user || user.vehicleId !== socket.data.vehicleId) return 'your sign-in has expired or is no longer valid: sign in again';
    return undefined;
  };
  drivers.on('connection', (socket) => {
    const vehicleId = socket.data.vehicleId as string;
    void socket.join(room(vehicleId));
    const current = deps.fleet.get(vehicleId)?.assignment;
    if (current) socket.emit('assignment', current);
    const address = clientKey(socket.handshake.address);
    // payloads are whatever the client sent, whatever the typed event map says: check, never throw
    socket.on('ack', async (msg: unknown, cb: unknown) => {
      const reply = typeof cb === 'function' ? (cb as (r: unknown) => void) : () => {};
      const m = msg as { vehicleId?: unknown; version?: unknown } | null;
      const denied = driverError(socket);
      if (denied) return reply({ ok: false, error: denied });
      if (!m || typeof m !== 'object' || m.vehicleId !== vehicleId || !Number.isSafeInteger(m.version)) {
        return reply({ ok: false, error: 'ack must be { vehicleId: <your vehicle>, version: <integer> }' });
      }
      try {
        const err = await deps.ack(vehicleId, m.version as number);
        reply(err ? { ok: false, error: err } : { ok: true });
      } catch {
        reply({ ok: false, error: 'acknowledgement could not be stored; send it again' });
      }
    });
    socket.on('fix', async (fix: unknown, cb: unknown) => {
      const reply = typeof cb === 'function' ? (cb as (r: unknown) => void) : () => {};
      const denied = driverError(socket);
      if (denied) return reply({ ok: false, error: denied });
      if (!fix || typeof fix !== 'object' || Array.isArray(fix) || (fix as Fix).vehicleId !== vehicleId) return reply({ ok: false, error: 'a driver may only report its own vehicle' });
      const wait = deps.fixLimiter?.take(address) ?? 0;
      if (wait > 0) return reply({ ok: false, error: `too many fixes; retry in ${Math.ceil(wait)} s` });
      const busy = deps.backpressure?.saturated();
      if (busy) return reply({ ok: false, error: `${busy}; retry later` });
      try {
        const r = await deps.ingest.ingest([fix]);
        reply(r.accepted ? { ok: true, data: { accepted: r.accepted } } : { ok: false, error: r.rejected[0]?.reason ?? 'rejected' });
      } catch {
        reply({ ok: false, error: 'fix could not be stored; retry later' });
      }
    });
  });

  // positions are batched: at most one message per batchMs, whatever the fix rate
  let pending: Fix[] = [];
  const flush = setInterval(() => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    consoles.emit('positions', batch);
  }, deps.batchMs);
  const subs = [
    deps.bus.subscribe('fixes', (p) => {
      for (const f of p as Fix[]) pending.push(f);
    }),
    deps.bus.subscribe('incident', (p) => consoles.emit('incident', p as Incident)),
    deps.bus.subscribe('vehicles', (p) => consoles.emit('vehicles', p as VehicleView[])),
    deps.bus.subscribe('kpis', (p) => consoles.emit('kpis', p as Kpis)),
    deps.bus.subscribe('swept', (p) => consoles.emit('swept', p as number[])),
    deps.bus.subscribe('assignment', (p) => {
      const a = p as Assignment;
      consoles.emit('assignment', a);
      drivers.to(room(a.vehicleId)).emit('assignment', a);
    }),
  ];

  // sessions end (expiry, sign out everywhere, a disabled account, a driver moved to another
  // vehicle): their sockets are told and closed
  const revalidate = () => {
    for (const nsp of [consoles, drivers] as const) {
      for (const socket of nsp.sockets.values()) {
        const user = deps.authenticate(socket.data.token as string);
        const moved = user?.role === 'driver' && user.vehicleId !== socket.data.vehicleId;
        if (user && !moved) continue;
        (socket as unknown as { emit(e: string, m: string): void }).emit('session-ended', 'your sign-in has expired or is no longer valid: sign in again');
        socket.disconnect(true);
      }
    }
  };
  const sessionTimer = setInterval(revalidate, 15_000);
  if (deps.onAccountsChanged) subs.push(deps.onAccountsChanged(() => setImmediate(revalidate)));

  return {
    io,
    async close() {
      clearInterval(flush);
      clearInterval(sessionTimer);
      for (const s of subs) s();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    },
  };
}
