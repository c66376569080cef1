/**
 * Accounts, sign-in and sessions over the real server: passwords, tokens that end, rate-limited
 * sign-in, device keys, authenticated sockets (a driver joins and acknowledges only their own
 * vehicle), attribution of case steps, and production mode with no built-in password.
 */
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Assignment } from '../../contracts/domain.js';
import { startServer, type RunningServer } from '../../server/app.js';
import { createMemoryBus } from '../../server/adapters/memory/event-bus.js';
import { createMemoryStore } from '../../server/adapters/memory/durable-store.js';
import { AccountDirectory } from '../../server/auth/accounts.js';
import { bootstrapAccounts } from '../../server/auth/bootstrap.js';
import { loadConfig } from '../../server/config.js';
import { authedFetch, connect, getJson, nextEvent, postJson, startTestServer, TEST_PASSWORD, tokenFor } from '../server/helpers.js';

let srv: RunningServer;
const api = (path: string) => `${srv.url}/api/v1${path}`;

beforeAll(async () => {
  srv = await startTestServer({ signinRate: 1000 });
});
afterAll(async () => {
  await srv?.stop();
});

const signIn = (username: string, password: string) => postJson(api('/auth/signin'), { username, password }, null);

function outcome(s: Socket): Promise<{ connected: true } | { connected: false; message: string; status?: number }> {
  return new Promise((resolve) => {
    s.once('connect', () => resolve({ connected: true }));
    s.once('connect_error', (err: Error & { data?: { status?: number } }) => resolve({ connected: false, message: err.message, status: err.data?.status }));
  });
}

describe('sign-in', () => {
  it('signs a person in with the password and tells who they are; a wrong password or name gets one answer', async () => {
    const ok = await signIn('Dispatcher', TEST_PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.body.user).toEqual({ username: 'dispatcher', role: 'dispatcher' });
    expect(ok.body.expiresAt).toBeGreaterThan(Date.now() + 3_600_000);
    const me = await getJson(api('/auth/me'), ok.body.token);
    expect(me.body).toEqual(ok.body.user);
    const wrong = await signIn('manager', 'not-the-password');
    const nobody = await signIn('nobody', TEST_PASSWORD);
    expect([wrong.status, nobody.status]).toEqual([401, 401]);
    expect(wrong.body.error).toBe(nobody.body.error);
    // a driver's account is their vehicle
    const driver = await signIn('kw-02', TEST_PASSWORD);
    expect(driver.body.user).toMatchObject({ role: 'driver', vehicleId: 'KW-02' });
  });

  it('takes no query operator for a name or password', async () => {
    for (const body of [{ username: { $ne: '' }, password: TEST_PASSWORD }, { username: 'admin', password: { $gt: '' } }, { username: 'admin' }]) {
      const r = await postJson(api('/auth/signin'), body, null);
      expect(r.status).toBe(400);
      expect(typeof r.body.error).toBe('string');
    }
  });

  it('refuses a missing, forged, or tampered token with 401', async () => {
    expect((await getJson(api('/vehicles'), null)).status).toBe(401);
    expect((await getJson(api('/vehicles'), 'garbage')).status).toBe(401);
    const t = tokenFor(srv, 'manager');
    const [body, sig] = t.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, u: 'admin', r: 'admin' })).toString('base64url')}.${sig}`;
    const res = await getJson(api('/accounts'), forged);
    expect(res.status).toBe(401);
    expect(res.body.error).toMatch(/sign in again/);
    expect((await getJson(api('/vehicles'), t)).status).toBe(200);
  });

  it('ends every session on a password change and on sign out everywhere', async () => {
    await postJson(api('/accounts'), { username: 'zhao.min', role: 'dispatcher', password: 'first-password-1' });
    const a = (await signIn('zhao.min', 'first-password-1')).body.token as string;
    const b = (await signIn('zhao.min', 'first-password-1')).body.token as string;
    expect((await postJson(api('/auth/password'), { current: 'wrong-one-xx', next: 'second-password-2' }, a)).status).toBe(403);
    const short = await postJson(api('/auth/password'), { current: 'first-password-1', next: 'short' }, a);
    expect(short.status).toBe(400);
    expect(short.body.error).toMatch(/at least 10/);
    expect((await authedFetch(api('/auth/password'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ current: 'first-password-1', next: 'second-password-2' }) }, a)).status).toBe(204);
    expect((await getJson(api('/auth/me'), a)).status).toBe(401);
    expect((await getJson(api('/auth/me'), b)).status).toBe(401);
    expect((await signIn('zhao.min', 'first-password-1')).status).toBe(401);
    const c = (await signIn('zhao.min', 'second-password-2')).body.token as string;
    expect((await getJson(api('/auth/me'), c)).status).toBe(200);
    expect((await authedFetch(api('/auth/signout-all'), { method: 'POST' }, c)).status).toBe(204);
    expect((await getJson(api('/auth/me'), c)).status).toBe(401);
  });

  it('limits sign-in attempts per username too, whatever address they come from, and password changes', async () => {
    const own = await startTestServer({ signinRate: 3, trustProxy: 'loopback' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        // a different (forwarded) address each time: the per-address budget never runs out
        const res = await fetch(`${own.url}/api/v1/auth/signin`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.0.${i + 1}` }, body: JSON.stringify({ username: 'dispatcher', password: 'guess-guess-guess' }) });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      const t = tokenFor(own, 'manager');
      const tries: number[] = [];
      for (let i = 0; i < 4; i++) tries.push((await postJson(`${own.url}/api/v1/auth/password`, { current: 'wrong-password-x', next: 'next-password-1' }, t)).status);
      expect(tries).toEqual([403, 403, 403, 429]);
    } finally {
      await own.stop();
    }
  });

  it('limits sign-in attempts per address with 429 and Retry-After', async () => {
    const own = await startTestServer({ signinRate: 3 });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${own.url}/api/v1/auth/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `guess${i}`, password: 'guess-guess-guess' }) });
        statuses.push(res.status);
        retryAfter ??= res.headers.get('retry-after');
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    } finally {
      await own.stop();
    }
  });
});

describe('accounts (administrator)', () => {
  it('makes, changes, disables and deletes accounts, with clear refusals', async () => {
    const bad = await postJson(api('/accounts'), { username: 'li', role: 'driver', password: 'long-enough-1', vehicleId: 'XX-99' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/unknown vehicle XX-99/);
    expect((await postJson(api('/accounts'), { username: 'li', role: 'driver', password: 'long-enough-1' })).body.error).toMatch(/needs vehicleId/);
    expect((await postJson(api('/accounts'), { username: 'Li Wei', role: 'manager', password: 'long-enough-1' })).status).toBe(400);
    expect((await postJson(api('/accounts'), { username: 'boss', role: 'superuser', password: 'long-enough-1' })).status).toBe(400);
    const made = await postJson(api('/accounts'), { username: 'li', role: 'driver', password: 'long-enough-1', vehicleId: 'TW-03', displayName: '李师傅' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ username: 'li', role: 'driver', vehicleId: 'TW-03', disabled: false });
    expect(JSON.stringify((await getJson(api('/accounts'))).body)).not.toMatch(/scrypt|Hash/);
    expect((await postJson(api('/accounts'), { username: 'li', role: 'manager', password: 'long-enough-1' })).status).toBe(409);

    const token = (await signIn('li', 'long-enough-1')).body.token as string;
    const patch = (body: unknown, name = 'li') => authedFetch(api(`/accounts/${name}`), { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    // moved to another truck: the old sign-in ends
    expect((await (await patch({ vehicleId: 'TW-04' })).json()).vehicleId).toBe('TW-04');
    expect((await getJson(api('/auth/me'), token)).status).toBe(401);
    const again = (await signIn('li', 'long-enough-1')).body.token as string;
    expect((await patch({ disabled: true })).status).toBe(200);
    expect((await getJson(api('/auth/me'), again)).status).toBe(401);
    expect((await signIn('li', 'long-enough-1')).status).toBe(403);
    // the last administrator stays
    expect((await patch({ role: 'manager' }, 'admin')).status).toBe(409);
    expect((await authedFetch(api('/accounts/admin'), { method: 'DELETE' })).status).toBe(409);
    expect((await authedFetch(api('/accounts/li'), { method: 'DELETE' })).status).toBe(204);
    expect((await authedFetch(api('/accounts/li'), { method: 'DELETE' })).status).toBe(404);
  });

  it('does not let the token of a deleted account into one made again under its name', async () => {
    await postJson(api('/accounts'), { username: 'j.smith', role: 'manager', password: 'long-enough-1' });
    const old = (await signIn('j.smith', 'long-enough-1')).body.token as string;
    expect((await authedFetch(api('/accounts/j.smith'), { method: 'DELETE' })).status).toBe(204);
    await new Promise((r) => setTimeout(r, 5)); // a new creation time
    await postJson(api('/accounts'), { username: 'j.smith', role: 'admin', password: 'long-enough-2' });
    expect((await getJson(api('/accounts'), old)).status).toBe(401);
  });

  it('refuses a change made from a stale copy (another server that has not heard of a sign-out)', async () => {
    const store = createMemoryStore();
    const opts = { store, bus: createMemoryBus(() => {}), now: Date.now, secret: 's'.repeat(32), tokenTtlMs: 3_600_000, isVehicle: () => true };
    const a = new AccountDirectory(opts);
    const b = new AccountDirectory({ ...opts, bus: createMemoryBus(() => {}) }); // hears nothing from a
    try {
      await a.create({ username: 'bob', role: 'dispatcher', password: 'bob-password-1' });
      await b.load();
      const token = a.issueToken('bob').token;
      await a.endSessions('bob');
      expect(a.authenticate(token)).toBeUndefined();
      await expect(b.update('bob', { displayName: 'Bob' })).rejects.toMatchObject({ status: 409 });
      // b has reloaded: the old token stays ended everywhere
      expect(b.authenticate(token)).toBeUndefined();
      const fresh = new AccountDirectory({ ...opts, bus: createMemoryBus(() => {}) });
      await fresh.load();
      expect(fresh.authenticate(token)).toBeUndefined();
      [fresh].forEach((d) => d.close());
    } finally {
      a.close();
      b.close();
    }
  });

  it('restarts a demo on a kept store without bringing back ended sign-ins', async () => {
    const store = createMemoryStore();
    const opts = { store, now: Date.now, secret: 's'.repeat(32), tokenTtlMs: 3_600_000, isVehicle: () => true };
    const config = loadConfig({}, { demoPassword: TEST_PASSWORD });
    const first = new AccountDirectory({ ...opts, bus: createMemoryBus(() => {}) });
    await bootstrapAccounts(first, config, [{ id: 'KW-01', name: 'Kitchen 1' }]);
    const old = first.issueToken('dispatcher').token;
    await first.endSessions('dispatcher');
    first.close();
    const second = new AccountDirectory({ ...opts, bus: createMemoryBus(() => {}) });
    try {
      await bootstrapAccounts(second, config, [{ id: 'KW-01', name: 'Kitchen 1' }]);
      expect(second.authenticate(old)).toBeUndefined();
      expect((await second.signIn({ username: 'dispatcher', password: TEST_PASSWORD })).user.role).toBe('dispatcher');
    } finally {
      second.close();
    }
  });

  it('makes "admin" administrator again from ADMIN_PASSWORD when no administrator is left', async () => {
    const store = createMemoryStore();
    const dir = new AccountDirectory({ store, bus: createMemoryBus(() => {}), now: Date.now, secret: 's'.repeat(32), tokenTtlMs: 3_600_000, isVehicle: () => true });
    try {
      await dir.create({ username: 'admin', role: 'admin', password: 'first-admin-pw' });
      await dir.create({ username: 'boss', role: 'admin', password: 'boss-password' });
      await dir.update('admin', { role: 'manager' });
      await dir.update('boss', { role: 'admin' });
      await store.saveAccount({ ...(await store.listAccounts()).find((x) => x.username === 'boss')!, disabled: true, sessionVersion: 9 });
      const config = loadConfig({}, { production: true, authSecret: 'p'.repeat(40), adminPassword: 'new-admin-password' });
      await bootstrapAccounts(dir, config, []);
      expect(dir.list().find((x) => x.username === 'admin')).toMatchObject({ role: 'admin', disabled: false });
      expect((await dir.signIn({ username: 'admin', password: 'new-admin-password' })).user.role).toBe('admin');
    } finally {
      dir.close();
    }
  });

  it('issues device keys that post positions and nothing else, until deleted', async () => {
    const issued = await postJson(api('/device-keys'), { name: 'gateway-7' });
    expect(issued.status).toBe(201);
    const key = issued.body.key as string;
    expect(key).toMatch(/^cfk\.gateway-7\./);
    const home = srv.world.town.places.sweeperDepot;
    const fix = { vehicleId: 'SW-01', lat: home.lat, lon: home.lon, ts: Date.now() - 1000 };
    const posted = await postJson(api('/positions'), { positions: [fix] }, key);
    expect(posted).toEqual({ status: 202, body: expect.objectContaining({ accepted: 1 }) });
    expect((await getJson(api('/vehicles'), key)).status).toBe(403);
    expect((await postJson(api('/positions'), { positions: [fix] }, key.slice(0, -2) + 'xx')).status).toBe(401);
    expect((await postJson(api('/auth/signin'), { username: 'gateway-7', password: key }, null)).status).toBe(401);
    // a phone's key reports its own vehicle only; the rest of a batch is refused fix by fix
    const phone = await postJson(api('/device-keys'), { name: 'phone-sw-03', vehicleIds: ['SW-03'] });
    expect(phone.body.vehicleIds).toEqual(['SW-03']);
    const mixed = await postJson(api('/positions'), { positions: [{ ...fix, vehicleId: 'TW-02', ts: fix.ts + 5 }, { ...fix, vehicleId: 'SW-03', ts: fix.ts + 6 }] }, phone.body.key);
    expect(mixed.status).toBe(202);
    expect(mixed.body.accepted).toBe(1);
    expect(mixed.body.rejected).toEqual([{ index: 0, reason: 'this device key may not report vehicle TW-02' }]);
    expect((await postJson(api('/device-keys'), { name: 'phone-x', vehicleIds: ['XX-1'] })).status).toBe(400);
    expect((await authedFetch(api('/accounts/gateway-7'), { method: 'DELETE' })).status).toBe(204);
    expect((await postJson(api('/positions'), { positions: [{ ...fix, ts: fix.ts + 1 }] }, key)).status).toBe(401);
  });

  it('attributes case steps to whoever is signed in, and lets a driver record steps of their own case only', async () => {
    const home = srv.world.town.places.sweeperDepot;
    const created = await postJson(api('/incidents'), { type: 'road_debris', lat: home.lat, lon: home.lon, by: 'system' }, tokenFor(srv, 'dispatcher'));
    expect(created.status).toBe(201);
    expect(created.body.history[0].by).toBe('dispatcher:dispatcher');
    const id = created.body.id as string;
    const unit = srv.world.town.fleet.find((v) => v.fleet === 'sweeper')!.id;
    const other = srv.world.town.fleet.filter((v) => v.fleet === 'sweeper')[1].id;
    // the case is given to a unit (as the planner would)
    await srv.dispatcher.incidents.step(id, 'dispatch', 'system', { assignedVehicleId: unit });
    const notMine = await postJson(api(`/incidents/${id}/steps`), { step: 'arrive', by: 'dispatcher' }, tokenFor(srv, other.toLowerCase()));
    expect(notMine.status).toBe(403);
    const mine = await postJson(api(`/incidents/${id}/steps`), { step: 'arrive', by: 'dispatcher' }, tokenFor(srv, unit.toLowerCase()));
    expect(mine.status).toBe(200);
    expect(mine.body.history.at(-1)).toMatchObject({ step: 'arrive', by: `driver:${unit.toLowerCase()}` });
    // a manager looks, and may not touch
    expect((await postJson(api(`/incidents/${id}/steps`), { step: 'handle', by: 'dispatcher' }, tokenFor(srv, 'manager'))).status).toBe(403);
  });
});

describe('sockets', () => {
  it('opens the console to staff with a valid token only', async () => {
    const none = connect(srv.url, '/console', { token: null });
    expect(await outcome(none)).toMatchObject({ connected: false, status: 401 });
    none.close();
    const driver = connect(srv.url, '/console', { token: tokenFor(srv, 'kw-01') });
    expect(await outcome(driver)).toMatchObject({ connected: false, status: 403 });
    driver.close();
    const manager = connect(srv.url, '/console', { token: tokenFor(srv, 'manager') });
    const snap = nextEvent(manager, 'snapshot');
    expect(await outcome(manager)).toEqual({ connected: true });
    expect(await snap).toHaveProperty('vehicles');
    manager.close();
  });

  it('puts a driver in their own vehicle room only, and takes acks for its assignments only', async () => {
    const a: Assignment = { vehicleId: 'KW-03', fleet: 'kitchen', version: 1, createdAt: Date.now(), reason: 'initial', stops: [], polyline: '', distanceM: 0, durationS: 0 };
    srv.world.fleet.get('KW-03')!.assignment = a;
    const token = tokenFor(srv, 'kw-03');
    const elsewhere = connect(srv.url, '/driver', { token, vehicleId: 'KW-04' });
    expect(await outcome(elsewhere)).toMatchObject({ connected: false, status: 403, message: expect.stringMatching(/signed in to KW-03/) });
    elsewhere.close();

    const s = connect(srv.url, '/driver', { token });
    const got = nextEvent<Assignment>(s, 'assignment');
    expect(await outcome(s)).toEqual({ connected: true });
    expect((await got).vehicleId).toBe('KW-03');
    expect(await s.timeout(5000).emitWithAck('ack', { vehicleId: 'KW-04', version: 1 })).toMatchObject({ ok: false });
    expect(await s.timeout(5000).emitWithAck('ack', { vehicleId: 'KW-03', version: 1 })).toEqual({ ok: true });
    expect(await s.timeout(5000).emitWithAck('ack', { vehicleId: 'KW-03', version: 1 })).toEqual({ ok: true }); // a repeat is harmless

    // a dispatcher may watch the same view, read-only
    const watch = connect(srv.url, '/driver', { token: tokenFor(srv, 'dispatcher'), vehicleId: 'KW-03' });
    expect(await outcome(watch)).toEqual({ connected: true });
    expect(await watch.timeout(5000).emitWithAck('ack', { vehicleId: 'KW-03', version: 1 })).toMatchObject({ ok: false, error: expect.stringMatching(/read-only/) });
    watch.close();
    const managerWatch = connect(srv.url, '/driver', { token: tokenFor(srv, 'manager'), vehicleId: 'KW-03' });
    expect(await outcome(managerWatch)).toMatchObject({ connected: false, status: 403 });
    managerWatch.close();

    // signing out everywhere closes the open socket
    const ended = nextEvent<string>(s, 'session-ended');
    const gone = new Promise((r) => s.once('disconnect', r));
    expect((await authedFetch(api('/auth/signout-all'), { method: 'POST' }, token)).status).toBe(204);
    expect(await ended).toMatch(/sign in again/);
    await gone;
    s.close();
  });
});

describe('production mode', () => {
  const base = { port: 0, host: '127.0.0.1', simulate: false, logLevel: 'silent' as const, redisUrl: undefined, mongoUrl: undefined, city: undefined, production: true, planTimeMs: 200, repairTimeMs: 100 };

  it('refuses to start without AUTH_SECRET, or without an administrator', async () => {
    await expect(startServer({ config: { ...base, authSecret: undefined } })).rejects.toThrow(/AUTH_SECRET is required/);
    await expect(startServer({ config: { ...base, authSecret: 'x'.repeat(32), adminPassword: undefined } })).rejects.toThrow(/ADMIN_PASSWORD/);
  });

  it('makes only the administrator from ADMIN_PASSWORD, and no demo account', async () => {
    const prod = await startServer({ config: { ...base, authSecret: 'p'.repeat(40), adminPassword: 'prod-admin-password', demoPassword: TEST_PASSWORD } });
    try {
      expect(prod.demo).toBeUndefined();
      expect(prod.directory.list().map((a) => a.username)).toEqual(['admin']);
      const signin = (username: string, password: string) => fetch(`${prod.url}/api/v1/auth/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      expect((await signin('dispatcher', TEST_PASSWORD)).status).toBe(401);
      expect((await signin('admin', 'prod-admin-password')).status).toBe(200);
    } finally {
      await prod.stop();
    }
  });
});
