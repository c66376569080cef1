/**
 * Sign-in and account management over HTTP (mounted under /api/v1; who may call what is in
 * server/auth/policy.ts, shapes in contracts/auth.ts).
 */
import express, { type Response } from 'express';
import type { SessionUser } from '../../contracts/auth.js';
import type { AccountDirectory } from '../auth/accounts.js';
import { clientKey, type RateLimiter } from './hardening.js';

export interface AuthRouteDeps {
  directory: AccountDirectory;
  /** sign-in attempts per client address */
  byAddress: RateLimiter;
  /** sign-in attempts per username, whatever the address (slows a spread-out guessing attack) */
  byUser: RateLimiter;
}

const caller = (res: Response): SessionUser => res.locals.user as SessionUser;

export function authRoutes({ directory, byAddress, byUser }: AuthRouteDeps): express.Router {
  const r = express.Router();
  r.post('/auth/signin', async (req, res) => {
    const name = (req.body as { username?: unknown } | undefined)?.username;
    const wait = Math.max(byAddress.take(clientKey(req.ip ?? req.socket.remoteAddress)), typeof name === 'string' ? byUser.take(name.trim().toLowerCase().slice(0, 64)) : 0);
    if (wait > 0) return void res.set('Retry-After', String(Math.max(1, Math.ceil(wait)))).status(429).json({ error: `too many sign-in attempts; try again in ${Math.ceil(wait)} s` });
    res.json(await directory.signIn(req.body));
  });
  r.get('/auth/me', (_req, res) => {
    res.json(caller(res));
  });
  r.post('/auth/signout-all', async (_req, res) => {
    await directory.endSessions(caller(res).username);
    res.status(204).end();
  });
  r.post('/auth/password', async (req, res) => {
    // each try costs a scrypt hash and may guess the current password: the sign-in budget of the name
    const wait = byUser.take(caller(res).username);
    if (wait > 0) return void res.set('Retry-After', String(Math.max(1, Math.ceil(wait)))).status(429).json({ error: `too many attempts; try again in ${Math.ceil(wait)} s` });
    await directory.changePassword(caller(res).username, req.body);
    res.status(204).end();
  });
  r.get('/accounts', (_req, res) => {
    res.json(directory.list());
  });
  r.post('/accounts', async (req, res) => {
    res.status(201).json(await directory.create(req.body));
  });
  r.patch('/accounts/:username', async (req, res) => {
    res.json(await directory.update(String(req.params.username), req.body));
  });
  r.delete('/accounts/:username', async (req, res) => {
    await directory.remove(String(req.params.username));
    res.status(204).end();
  });
  r.post('/device-keys', async (req, res) => {
    res.status(201).json(await directory.issueDeviceKey(req.body));
  });
  return r;
}
