/**
 * The account directory: every account of the deployment in memory (a bureau has hundreds, not
 * millions), written through to the durable store and kept in step across processes by the bus.
 * It signs people in, checks tokens and device keys on every call, and manages accounts.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import {
  PERSON_ROLES,
  type AccountPatch,
  type AccountRequest,
  type AccountView,
  type DeviceKeyIssued,
  type SessionUser,
  type SignInResponse,
} from '../../contracts/auth.js';
import { StaleWriteError, type AccountRecord, type DurableStorePort, type EventBusPort } from '../ports.js';
import { hashPassword, MAX_PASSWORD, MIN_PASSWORD, verifyPassword } from './passwords.js';
import { createTokenSigner, type TokenSigner } from './tokens.js';

/** An error with the HTTP status it maps to. */
export class AuthError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const USERNAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(USERNAME, 'must be 1-64 of a-z, 0-9, ".", "_", "-", starting with a letter or digit');
const password = z.string().min(MIN_PASSWORD, `must be at least ${MIN_PASSWORD} characters`).max(MAX_PASSWORD);
const personRole = z.enum(PERSON_ROLES);
const displayName = z.string().trim().min(1).max(64);
const vehicleId = z.string().min(1).max(64);

export const accountRequestSchema = z.strictObject({ username, role: personRole, password, vehicleId: vehicleId.optional(), displayName: displayName.optional() });
export const accountPatchSchema = z.strictObject({ role: personRole.optional(), password: password.optional(), vehicleId: vehicleId.nullable().optional(), displayName: displayName.optional(), disabled: z.boolean().optional() });
export const signInSchema = z.strictObject({ username: z.string().trim().toLowerCase().max(64), password: z.string().max(MAX_PASSWORD) });
export const passwordChangeSchema = z.strictObject({ current: z.string().max(MAX_PASSWORD), next: password });
export const deviceKeyRequestSchema = z.strictObject({ name: username, vehicleIds: z.array(vehicleId).min(1).max(10_000).optional() });

/** Device keys: `cfk.<username>.<secret>`. */
const KEY_PREFIX = 'cfk.';
const sha256 = (s: string) => createHash('sha256').update(s).digest();

export interface DirectoryOptions {
  store: DurableStorePort;
  bus: EventBusPort;
  now: () => number;
  /** HMAC key of session tokens */
  secret: string;
  tokenTtlMs: number;
  isVehicle: (id: string) => boolean;
  onError?: (err: unknown) => void;
  /** store writes still waiting for the database: a reload now would read what they have not written */
  pendingWrites?: () => number;
}

export class AccountDirectory {
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly signer: TokenSigner;
  private readonly unsubscribe: () => void;
  private readonly refresh: NodeJS.Timeout;
  /** compared against when the username is unknown, so a miss costs what a wrong password does */
  private dummyHash: Promise<string> | undefined;
  /** this process's id on the bus: its own change messages need no reload */
  private readonly origin = randomBytes(8).toString('hex');
  /** local writes so far: a reload that raced one is dropped */
  private writes = 0;
  private readonly listeners = new Set<() => void>();
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly opts: DirectoryOptions) {
    this.signer = createTokenSigner(opts.secret);
    // another process changed an account: take its stored form
    // (a burst of changes, e.g. another process making the demo accounts, is one reload)
    this.unsubscribe = opts.bus.subscribe('accounts', (p) => {
      if ((p as { origin?: unknown } | null)?.origin !== this.origin) this.reloadSoon(100);
    });
    // and in case a bus message was lost while Redis was away
    this.refresh = setInterval(() => void this.load().catch(opts.onError), 30_000);
    this.refresh.unref();
  }

  /** Reads every account from the store; `force` even while store writes are still held (at start). */
  async load(force = false): Promise<void> {
    // the database does not have every change yet (an outage queue is replaying): later
    if (!force && this.opts.pendingWrites && this.opts.pendingWrites() > 0) return this.reloadSoon();
    const writes = this.writes;
    const all = await this.opts.store.listAccounts();
    if (writes !== this.writes) return this.reloadSoon(); // a local change landed meanwhile
    this.accounts.clear();
    for (const a of all) this.accounts.set(a.username, a);
    this.changed();
  }

  /** Called after every change of the accounts this process knows (its own, or loaded). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  private reloadSoon(ms = 1000): void {
    if (this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.load().catch(this.opts.onError);
    }, ms);
    this.retry.unref();
  }

  close(): void {
    clearInterval(this.refresh);
    if (this.retry) clearTimeout(this.retry);
    this.unsubscribe();
  }

  get size(): number {
    return this.accounts.size;
  }

  hasRole(role: AccountRecord['role']): boolean {
    for (const a of this.accounts.values()) if (a.role === role && !a.disabled) return true;
    return false;
  }

  list(): AccountView[] {
    return [...this.accounts.values()].map(view);
  }

  async signIn(rawUser: unknown): Promise<SignInResponse> {
    const req = signInSchema.parse(rawUser);
    const a = this.accounts.get(req.username);
    const ok = await verifyPassword(req.password, a?.passwordHash ?? (await (this.dummyHash ??= hashPassword(randomBytes(16).toString('hex')))));
    if (!a || !ok || !a.passwordHash) throw new AuthError(401, 'wrong username or password');
    if (a.disabled) throw new AuthError(403, 'this account is disabled; ask an administrator');
    if (a.role === 'driver' && (!a.vehicleId || !this.opts.isVehicle(a.vehicleId))) throw new AuthError(403, 'this driver account has no vehicle; ask a dispatcher');
    return this.issueToken(a.username);
  }

  /** A session token for an existing person's account, once whoever asks has been checked. */
  issueToken(name: string): SignInResponse {
    const a = this.get(name);
    if (a.role === 'device') throw new AuthError(409, `${a.username} is a device key, not a person`);
    const now = this.opts.now();
    const exp = now + this.opts.tokenTtlMs;
    const token = this.signer.sign({ u: a.username, r: a.role, sv: a.sessionVersion, c: a.createdAt, iat: now, exp });
    return { token, expiresAt: exp, expiresInMs: this.opts.tokenTtlMs, user: sessionUser(a) };
  }

  /**
   * Who a bearer credential belongs to now: a session token whose account still exists, is
   * enabled and has not ended its sessions, or a device key. Undefined otherwise.
   */
  authenticate(credential: unknown): SessionUser | undefined {
    if (typeof credential !== 'string' || !credential) return undefined;
    if (credential.startsWith(KEY_PREFIX)) return this.deviceKey(credential);
    const c = this.signer.verify(credential, this.opts.now());
    if (!c) return undefined;
    const a = this.accounts.get(c.u);
    if (!a || a.disabled || a.sessionVersion !== c.sv || a.createdAt !== c.c || a.role === 'device') return undefined;
    if (a.role === 'driver' && !a.vehicleId) return undefined;
    return sessionUser(a);
  }

  private deviceKey(key: string): SessionUser | undefined {
    const rest = key.slice(KEY_PREFIX.length);
    const dot = rest.indexOf('.');
    if (dot <= 0 || rest.length > 200) return undefined;
    const a = this.accounts.get(rest.slice(0, dot));
    if (!a || a.role !== 'device' || a.disabled || !a.keyHash) return undefined;
    const got = sha256(rest.slice(dot + 1));
    const want = Buffer.from(a.keyHash, 'hex');
    return want.length === got.length && timingSafeEqual(got, want) ? sessionUser(a) : undefined;
  }

  async create(raw: unknown): Promise<AccountView> {
    const req = accountRequestSchema.parse(raw) as AccountRequest;
    if (this.accounts.has(req.username)) throw new AuthError(409, `account ${req.username} exists`);
    this.checkVehicle(req.role, req.vehicleId);
    const now = this.opts.now();
    const a: AccountRecord = {
      username: req.username,
      role: req.role,
      passwordHash: await hashPassword(req.password),
      ...(req.vehicleId ? { vehicleId: req.vehicleId } : {}),
      ...(req.displayName ? { displayName: req.displayName } : {}),
      disabled: false,
      sessionVersion: 0,
      createdAt: now,
      updatedAt: now,
    };
    await this.save(a);
    return view(a);
  }

  /** Makes (or resets) the demo's accounts, all with one password hash. */
  async resetDemo(list: readonly Omit<AccountRequest, 'password'>[], passwordHash: string): Promise<void> {
    const reset = (r: Omit<AccountRequest, 'password'>) => {
      const prev = this.accounts.get(r.username);
      return this.save({ ...r, passwordHash, disabled: false, sessionVersion: prev?.sessionVersion ?? 0, createdAt: prev?.createdAt ?? this.opts.now(), updatedAt: this.opts.now() });
    };
    // one that changed meanwhile (another process starting too) is reloaded by save: once more
    await Promise.all(list.map((r) => reset(r).catch((err) => (err instanceof AuthError && err.status === 409 ? reset(r) : Promise.reject(err)))));
  }

  async update(name: string, raw: unknown): Promise<AccountView> {
    const patch = accountPatchSchema.parse(raw) as AccountPatch;
    const a = this.get(name);
    if (a.role === 'device') throw new AuthError(409, `${a.username} is a device key: delete it and issue a new one`);
    const role = patch.role ?? a.role;
    const vehicle = patch.vehicleId === null ? undefined : (patch.vehicleId ?? (role === 'driver' ? a.vehicleId : undefined));
    this.checkVehicle(role, vehicle);
    const losesAdmin = a.role === 'admin' && (role !== 'admin' || patch.disabled === true);
    if (losesAdmin && this.admins() <= 1) throw new AuthError(409, 'the last administrator cannot be demoted or disabled');
    const next: AccountRecord = { ...a, role, updatedAt: this.opts.now() };
    if (vehicle) next.vehicleId = vehicle;
    else delete next.vehicleId;
    if (patch.displayName !== undefined) next.displayName = patch.displayName;
    if (patch.disabled !== undefined) next.disabled = patch.disabled;
    if (patch.password !== undefined) next.passwordHash = await hashPassword(patch.password);
    // a new password, role or vehicle, or disabling, ends the sessions signed in before
    if (patch.password !== undefined || role !== a.role || vehicle !== a.vehicleId || (patch.disabled && !a.disabled)) next.sessionVersion = a.sessionVersion + 1;
    await this.save(next);
    return view(next);
  }

  async remove(name: string): Promise<void> {
    const a = this.get(name);
    if (a.role === 'admin' && !a.disabled && this.admins() <= 1) throw new AuthError(409, 'the last administrator cannot be deleted');
    this.writes++;
    await this.opts.store.deleteAccount(a.username);
    this.accounts.delete(a.username);
    this.opts.bus.publish('accounts', { username: a.username, origin: this.origin });
    this.changed();
  }

  async changePassword(name: string, raw: unknown): Promise<void> {
    const req = passwordChangeSchema.parse(raw);
    const a = this.get(name);
    if (!(await verifyPassword(req.current, a.passwordHash))) throw new AuthError(403, 'the current password is wrong');
    await this.save({ ...a, passwordHash: await hashPassword(req.next), sessionVersion: a.sessionVersion + 1, updatedAt: this.opts.now() });
  }

  /** Ends every token of the account ("sign out everywhere"). */
  async endSessions(name: string): Promise<void> {
    const a = this.get(name);
    await this.save({ ...a, sessionVersion: a.sessionVersion + 1, updatedAt: this.opts.now() });
  }

  async issueDeviceKey(raw: unknown): Promise<DeviceKeyIssued> {
    const { name, vehicleIds } = deviceKeyRequestSchema.parse(raw);
    if (this.accounts.has(name)) throw new AuthError(409, `account ${name} exists`);
    const unknown = vehicleIds?.filter((v) => !this.opts.isVehicle(v)) ?? [];
    if (unknown.length) throw new AuthError(400, `unknown vehicle ${unknown.slice(0, 5).join(', ')}`);
    const secret = randomBytes(32).toString('base64url');
    const now = this.opts.now();
    await this.save({ username: name, role: 'device', keyHash: sha256(secret).toString('hex'), ...(vehicleIds ? { vehicleIds: [...new Set(vehicleIds)] } : {}), disabled: false, sessionVersion: 0, createdAt: now, updatedAt: now });
    return { username: name, key: `${KEY_PREFIX}${name}.${secret}`, ...(vehicleIds ? { vehicleIds: [...new Set(vehicleIds)] } : {}) };
  }

  private get(name: string): AccountRecord {
    const a = this.accounts.get(String(name).toLowerCase());
    if (!a) throw new AuthError(404, `no account ${name}`);
    return a;
  }

  private admins(): number {
    let n = 0;
    for (const a of this.accounts.values()) if (a.role === 'admin' && !a.disabled) n++;
    return n;
  }

  private checkVehicle(role: string, vehicle: string | undefined): void {
    if (role === 'driver' && !vehicle) throw new AuthError(400, 'a driver account needs vehicleId');
    if (role !== 'driver' && vehicle) throw new AuthError(400, 'only a driver account has a vehicleId');
    if (vehicle && !this.opts.isVehicle(vehicle)) throw new AuthError(400, `unknown vehicle ${vehicle}`);
  }

  private async save(a: AccountRecord): Promise<void> {
    this.writes++;
    try {
      await this.opts.store.saveAccount(a);
    } catch (err) {
      if (!(err instanceof StaleWriteError)) throw err;
      // another process changed it since we loaded it: take theirs, and let the caller try again
      await this.load(true).catch(this.opts.onError);
      throw new AuthError(409, `account ${a.username} was changed meanwhile (on another server); try again`);
    }
    this.accounts.set(a.username, a);
    this.opts.bus.publish('accounts', { username: a.username, origin: this.origin });
    this.changed();
  }
}

function sessionUser(a: AccountRecord): SessionUser {
  return {
    username: a.username,
    role: a.role,
    ...(a.vehicleId ? { vehicleId: a.vehicleId } : {}),
    ...(a.vehicleIds ? { vehicleIds: [...a.vehicleIds] } : {}),
    ...(a.displayName ? { displayName: a.displayName } : {}),
  };
}

function view(a: AccountRecord): AccountView {
  return { ...sessionUser(a), disabled: a.disabled, createdAt: a.createdAt, updatedAt: a.updatedAt };
}
