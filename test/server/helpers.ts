import { io, type Socket } from 'socket.io-client';
import { startServer, type RunningServer } from '../../server/app.js';
import type { Config } from '../../server/config.js';
import { createTokenSigner, type TokenSigner } from '../../server/auth/tokens.js';

/** The demo accounts' password on test servers. */
export const TEST_PASSWORD = 'test-password-1';

/**
 * Test servers by URL. A test client is signed in: requests made with these helpers to a test
 * server carry the administrator's token, and a driver socket the token of that vehicle's driver,
 * unless the test passes its own token (or `null` for none).
 */
const servers = new Map<string, RunningServer>();
/** Servers in other processes (test/server/child-server.ts), all signing with CHILD_AUTH_SECRET: their accounts. */
const remotes = new Map<string, Map<string, { createdAt: number }>>();

/** AUTH_SECRET of servers the tests start as separate processes. */
export const CHILD_AUTH_SECRET = 'test-child-secret-0123456789abcdefghij';
const childSigner: TokenSigner = createTokenSigner(CHILD_AUTH_SECRET);

/**
 * Makes the helpers sign in to a server running in another process with CHILD_AUTH_SECRET and
 * TEST_PASSWORD: signs in as the administrator once and learns the accounts, whose tokens it then
 * signs itself (as the server would).
 */
export async function registerRemote(url: string): Promise<() => void> {
  const signin = await fetch(`${url}/api/v1/auth/signin`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: TEST_PASSWORD }) });
  if (!signin.ok) throw new Error(`cannot sign in to ${url}: ${signin.status} ${await signin.text()}`);
  const { token } = (await signin.json()) as { token: string };
  const list = (await (await fetch(`${url}/api/v1/accounts`, { headers: { authorization: `Bearer ${token}` } })).json()) as { username: string; createdAt: number }[];
  remotes.set(url, new Map(list.map((a) => [a.username, { createdAt: a.createdAt }])));
  return () => remotes.delete(url);
}

/** Starts the real server on port 0 with the embedded default, no simulator. */
export async function startTestServer(config: Partial<Config> = {}): Promise<RunningServer> {
  const srv = await startServer({ config: { port: 0, host: '127.0.0.1', simulate: false, logLevel: 'silent', planTimeMs: 200, repairTimeMs: 100, redisUrl: undefined, mongoUrl: undefined, city: undefined, demoPassword: TEST_PASSWORD, ...config } });
  register(srv);
  return srv;
}

/** Makes the helpers sign in to a server started some other way (it must have the demo accounts). */
export function register(srv: RunningServer): void {
  servers.set(srv.url, srv);
  const stop = srv.stop.bind(srv);
  srv.stop = async () => {
    servers.delete(srv.url);
    await stop();
  };
}

function serverOf(url: string): RunningServer | undefined {
  for (const [base, srv] of servers) if (url.startsWith(base)) return srv;
  return undefined;
}

/**
 * A token of `username` for whichever test server `url` is on: from its directory when it runs
 * here, signed with the shared secret when it runs in another process (its demo accounts are
 * fresh, session version 0). Undefined for any other URL.
 */
function tokenAt(url: string, username: string): string | undefined {
  const srv = serverOf(url);
  if (srv) return tokenFor(srv, username);
  for (const [base, accounts] of remotes) {
    if (!url.startsWith(base)) continue;
    const a = accounts.get(username);
    if (!a) return undefined;
    const now = Date.now();
    return childSigner.sign({ u: username, r: 'admin', sv: 0, c: a.createdAt, iat: now, exp: now + 3_600_000 });
  }
  return undefined;
}

/** A session token of `username` (default the administrator) on a test server. */
export function tokenFor(srv: RunningServer, username = 'admin'): string {
  return srv.directory.issueToken(username).token;
}

/** `Authorization` header of `username` (default the administrator) on a test server. */
export function authHeader(srv: RunningServer, username = 'admin'): { authorization: string } {
  return { authorization: `Bearer ${tokenFor(srv, username)}` };
}

/**
 * A socket to a namespace of a test server, signed in: the console as the administrator, a
 * driver view as the driver of `auth.vehicleId`. Pass `auth.token` to choose, `token: null` for none.
 */
export function connect(url: string, nsp: '/console' | '/driver', auth: Record<string, unknown> = {}): Socket {
  let token = auth.token;
  if (token === undefined) token = tokenAt(url, nsp === '/driver' && typeof auth.vehicleId === 'string' ? auth.vehicleId.toLowerCase() : 'admin');
  const full = { ...auth, ...(token === null || token === undefined ? { token: undefined } : { token }) };
  return io(url + nsp, { transports: ['websocket'], auth: full, reconnection: false, forceNew: true });
}

/** Resolves with the first event payload that satisfies `match`, or rejects after `ms`. */
export function nextEvent<T>(socket: Socket, event: string, match: (p: T) => boolean = () => true, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, on);
      reject(new Error(`no matching "${event}" within ${ms} ms`));
    }, ms);
    const on = (p: T) => {
      if (!match(p)) return;
      clearTimeout(timer);
      socket.off(event, on);
      resolve(p);
    };
    socket.on(event, on);
  });
}

/** Headers of a request to `url`: the administrator's token on a test server unless `token` says otherwise. */
function headersFor(url: string, token: string | null | undefined): Record<string, string> {
  const t = token === undefined ? tokenAt(url, 'admin') : token;
  return t ? { authorization: `Bearer ${t}` } : {};
}

export async function postJson(url: string, body: unknown, token?: string | null): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headersFor(url, token) }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** GET a JSON resource of a test server, signed in (see postJson). */
export async function getJson(url: string, token?: string | null): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { headers: headersFor(url, token) });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

/** fetch, signed in to a test server as the administrator unless `token` says otherwise. */
export function authedFetch(url: string, init: RequestInit = {}, token?: string | null): Promise<Response> {
  return fetch(url, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), ...headersFor(url, token) } });
}
