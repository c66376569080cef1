/**
 * Who may call what: one table for the whole HTTP API, checked by one middleware before any
 * route runs. A request that matches no rule is refused (404) whoever sends it, so a route added
 * without a rule cannot be reached by anyone. test/http/roles.test.ts walks this table role by role.
 */
import type { RequestHandler } from 'express';
import { ROLES, type Role, type SessionUser } from '../../contracts/auth.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Rule {
  method: Method;
  /** under /api/v1; ":name" matches one path segment */
  path: string;
  allow: 'public' | readonly Role[];
  /** for drivers: this path parameter must be their own vehicle */
  own?: string;
}

const STAFF = ['admin', 'dispatcher', 'manager'] as const satisfies readonly Role[];
const OPS = ['admin', 'dispatcher'] as const satisfies readonly Role[];
const PEOPLE = ['admin', 'dispatcher', 'manager', 'driver'] as const satisfies readonly Role[];

export const API_RULES: readonly Rule[] = [
  { method: 'GET', path: '/health', allow: 'public' },
  { method: 'POST', path: '/auth/signin', allow: 'public' },
  { method: 'GET', path: '/auth/me', allow: ROLES },
  { method: 'POST', path: '/auth/signout-all', allow: PEOPLE },
  { method: 'POST', path: '/auth/password', allow: PEOPLE },
  { method: 'GET', path: '/accounts', allow: ['admin'] },
  { method: 'POST', path: '/accounts', allow: ['admin'] },
  { method: 'PATCH', path: '/accounts/:username', allow: ['admin'] },
  { method: 'DELETE', path: '/accounts/:username', allow: ['admin'] },
  { method: 'POST', path: '/device-keys', allow: ['admin'] },

  { method: 'POST', path: '/positions', allow: ['device', 'admin'] },
  { method: 'GET', path: '/archive', allow: STAFF },
  { method: 'GET', path: '/devices', allow: STAFF },

  { method: 'GET', path: '/town', allow: PEOPLE },
  { method: 'GET', path: '/network', allow: PEOPLE },
  { method: 'GET', path: '/kpis', allow: STAFF },
  { method: 'GET', path: '/vehicles', allow: STAFF },
  { method: 'GET', path: '/vehicles/:id', allow: PEOPLE, own: 'id' },
  { method: 'POST', path: '/vehicles/:id/events', allow: [...OPS, 'driver'], own: 'id' },
  { method: 'GET', path: '/assignments', allow: STAFF },
  { method: 'GET', path: '/assignments/:vehicleId', allow: PEOPLE, own: 'vehicleId' },
  { method: 'POST', path: '/restaurants/:id/requests', allow: OPS },

  // drivers report what they find on the road, and record steps of their own cases (checked in the route)
  { method: 'POST', path: '/incidents', allow: [...OPS, 'driver'] },
  { method: 'GET', path: '/incidents', allow: STAFF },
  { method: 'GET', path: '/incidents/:id', allow: STAFF },
  { method: 'POST', path: '/incidents/:id/steps', allow: [...OPS, 'driver'] },
  { method: 'POST', path: '/incidents/:id/pin', allow: OPS },
  { method: 'DELETE', path: '/incidents/:id/pin', allow: OPS },
  { method: 'GET', path: '/squads/placement', allow: STAFF },
  { method: 'POST', path: '/squads/placement', allow: OPS },
  { method: 'GET', path: '/reports/incidents', allow: STAFF },
  { method: 'GET', path: '/reports/incidents.csv', allow: STAFF },
  { method: 'GET', path: '/reports/coverage', allow: STAFF },
  { method: 'GET', path: '/reports/coverage.csv', allow: STAFF },
];

interface Compiled extends Rule {
  parts: string[];
}

const compiled: Compiled[] = API_RULES.map((r) => ({ ...r, parts: r.path.split('/').slice(1) }));

/** The rule for a request and its path parameters, or undefined. */
export function matchRule(method: string, path: string): { rule: Rule; params: Record<string, string> } | undefined {
  const parts = path.replace(/\/+$/, '').split('/').slice(1);
  for (const r of compiled) {
    if (r.method !== method && !(method === 'HEAD' && r.method === 'GET')) continue;
    if (r.parts.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const want = r.parts[i];
      if (want.startsWith(':')) {
        try {
          params[want.slice(1)] = decodeURIComponent(parts[i]);
        } catch {
          ok = false;
        }
      } else ok = want === parts[i];
    }
    if (ok) return { rule: r, params };
  }
  return undefined;
}

/** Why `user` may not make this call, as [status, message]; undefined when it may. */
export function refusal(rule: Rule, params: Record<string, string>, user: SessionUser | undefined): [number, string] | undefined {
  if (rule.allow === 'public') return undefined;
  if (!user) return [401, 'sign in first: send Authorization: Bearer <token> (POST /api/v1/auth/signin)'];
  if (!rule.allow.includes(user.role)) return [403, `a ${user.role} may not ${rule.method} /api/v1${rule.path}`];
  if (user.role === 'driver' && rule.own && params[rule.own] !== user.vehicleId) return [403, `a driver may only use their own vehicle (${user.vehicleId})`];
  return undefined;
}

/** The bearer credential of a request: `Authorization: Bearer <token or device key>`. */
export function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

/**
 * Mounted at /api/v1 before everything else: finds the rule, authenticates the caller when the
 * rule is not public, and puts the caller in `res.locals.user`.
 */
export function authorize(authenticate: (credential: string | undefined) => SessionUser | undefined): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'OPTIONS') return next();
    const hit = matchRule(req.method, req.path);
    if (!hit) return void res.status(404).json({ error: `no route ${req.method} /api/v1${req.path}` });
    const credential = bearer(req.headers.authorization);
    const user = credential === undefined ? undefined : authenticate(credential);
    if (credential !== undefined && !user && hit.rule.allow !== 'public') {
      return void res.set('WWW-Authenticate', 'Bearer error="invalid_token"').status(401).json({ error: 'your sign-in has expired or is no longer valid: sign in again' });
    }
    const no = refusal(hit.rule, hit.params, user);
    if (no) {
      if (no[0] === 401) res.set('WWW-Authenticate', 'Bearer');
      return void res.status(no[0]).json({ error: no[1] });
    }
    res.locals.user = user;
    next();
  };
}
