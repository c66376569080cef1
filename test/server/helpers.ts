import { io, type Socket } from 'socket.io-client';
import { startServer, type RunningServer } from '../../server/app.js';
import type { Config } from '../../server/config.js';

/** Starts the real server on port 0 with the embedded default, no simulator. */
export async function startTestServer(config: Partial<Config> = {}): Promise<RunningServer> {
  return startServer({ config: { port: 0, host: '127.0.0.1', simulate: false, logLevel: 'silent', planTimeMs: 200, repairTimeMs: 100, redisUrl: undefined, mongoUrl: undefined, city: undefined, ...config } });
}

export function connect(url: string, nsp: '/console' | '/driver', auth?: Record<string, unknown>): Socket {
  return io(url + nsp, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
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

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
