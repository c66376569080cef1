/**
 * Route by route, role by role: every API route has a rule in server/auth/policy.ts, and every
 * rule refuses each caller it does not name (401 without a sign-in, 403 with the wrong role, 403
 * for a driver reaching for another vehicle) and lets through each caller it names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import { API_RULES, matchRule, type Rule } from '../../server/auth/policy.js';
import { authedFetch, startTestServer, tokenFor } from '../server/helpers.js';
import { appEndpoints } from './endpoints.js';

let srv: RunningServer;
let deviceKey: string;
let incidentId: string;
const OWN = 'KW-01';
const OTHER = 'TW-01';

beforeAll(async () => {
  srv = await startTestServer();
  deviceKey = (await srv.directory.issueDeviceKey({ name: 'roles-gateway' })).key;
  const home = srv.world.town.places.sweeperDepot;
  const res = await authedFetch(`${srv.url}/api/v1/incidents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'road_debris', lat: home.lat, lon: home.lon }) });
  incidentId = ((await res.json()) as { id: string }).id;
});
afterAll(async () => {
  await srv?.stop();
});

type Caller = 'anonymous' | 'admin' | 'dispatcher' | 'manager' | 'driver' | 'driver (other vehicle)' | 'device';
const CALLERS: Caller[] = ['anonymous', 'admin', 'dispatcher', 'manager', 'driver', 'driver (other vehicle)', 'device'];

/** The credential a caller sends; a fresh token each time (a rule like signout-all ends the old ones). */
function credential(c: Caller): string | null {
  if (c === 'anonymous') return null;
  if (c === 'device') return deviceKey;
  return tokenFor(srv, c.startsWith('driver') ? OWN.toLowerCase() : c);
}

/** The rule's path with harmless parameters: a driver's own vehicle, or another one. */
function pathFor(rule: Rule, c: Caller): string {
  return rule.path.replace(/:(\w+)/g, (_m, name: string) => {
    if (name === rule.own) return c === 'driver (other vehicle)' ? OTHER : OWN;
    if (name === 'id' && rule.path.startsWith('/incidents')) return incidentId;
    if (name === 'id' && rule.path.startsWith('/restaurants')) return srv.world.town.restaurants[0].id;
    if (name === 'username') return 'nobody-here';
    return OWN;
  });
}

function expected(rule: Rule, c: Caller): 'allowed' | 401 | 403 {
  if (rule.allow === 'public') return 'allowed';
  if (c === 'anonymous') return 401;
  const role = c.startsWith('driver') ? 'driver' : c;
  if (!rule.allow.includes(role as never)) return 403;
  if (c === 'driver (other vehicle)' && rule.own) return 403;
  // the rule lets drivers record steps of their own cases only: this case is nobody's (test/http/auth.test.ts has one that is)
  if (role === 'driver' && rule.path === '/incidents/:id/steps') return 403;
  return 'allowed';
}

describe('who may call what', () => {
  it('has a rule for every route of the API (a route without one is unreachable)', () => {
    const api = appEndpoints(srv).filter((e) => e.path.startsWith('/api/v1'));
    expect(api.length).toBeGreaterThan(30);
    const missing = api.filter((e) => !matchRule(e.method, e.path.slice('/api/v1'.length).replace(/:(\w+)/g, 'x'))?.rule);
    expect(missing).toEqual([]);
    // and every rule names a route that exists
    const routes = new Set(api.map((e) => `${e.method} ${e.path.slice('/api/v1'.length)}`));
    expect(API_RULES.filter((r) => !routes.has(`${r.method} ${r.path}`))).toEqual([]);
  });

  it('refuses a route no rule names, whoever asks', async () => {
    for (const c of ['anonymous', 'admin'] as const) {
      const res = await authedFetch(`${srv.url}/api/v1/secret-admin-thing`, {}, credential(c));
      expect(res.status).toBe(404);
    }
  });

  for (const rule of API_RULES) {
    it(`${rule.method} ${rule.path}: ${rule.allow === 'public' ? 'public' : rule.allow.join(', ')}${rule.own ? ' (drivers: own vehicle)' : ''}`, async () => {
      const seen: string[] = [];
      const want: string[] = [];
      for (const c of CALLERS) {
        if (c === 'driver (other vehicle)' && !rule.own) continue;
        const body = rule.method === 'POST' || rule.method === 'PATCH' ? '{}' : undefined;
        const res = await authedFetch(
          `${srv.url}/api/v1${pathFor(rule, c)}`,
          { method: rule.method, ...(body ? { headers: { 'content-type': 'application/json' }, body } : {}) },
          credential(c),
        );
        await res.arrayBuffer();
        const e = expected(rule, c);
        want.push(`${c}: ${e === 'allowed' ? 'allowed' : e}`);
        seen.push(`${c}: ${res.status === 401 || res.status === 403 ? res.status : res.status >= 500 ? `error ${res.status}` : 'allowed'}`);
      }
      expect(seen).toEqual(want);
    });
  }
});
