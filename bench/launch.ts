/** Starts bench/ingest-server.ts as its own process (so the load generator does not share its event loop). */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export type ServerMode = 'baseline' | 'embedded' | 'redis+mongodb';

export interface LaunchedServer {
  url: string;
  child: ChildProcess;
  /** `Authorization` header value for POST /positions (a device key) */
  deviceAuth: string;
  /** Socket.IO handshake of a console (a manager's token) */
  consoleAuth: { token: string };
}

/** The server in `mode` with `vehicles` vehicles; resolves with its URL and credentials once it listens. */
export async function launchIngestServer(mode: ServerMode, vehicles: number, tag: string): Promise<LaunchedServer> {
  const stamp = Date.now();
  const stores =
    mode === 'redis+mongodb'
      ? { REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: `cf${tag}:${stamp}:`, MONGO_URL: process.env.BENCH_MONGO_URL ?? `mongodb://127.0.0.1:27017/cityfleet_${tag}_${stamp}` }
      : {};
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/ingest-server.ts'], {
    env: { ...process.env, ...stores, MODE: mode, BENCH_VEHICLES: String(vehicles), SIMULATE: 'false' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout! })) {
    if (!line.startsWith('{')) continue;
    const m = JSON.parse(line) as { url: string; deviceKey: string; consoleToken: string };
    return { url: m.url, child, deviceAuth: `Bearer ${m.deviceKey}`, consoleAuth: { token: m.consoleToken } };
  }
  throw new Error(`${mode} server did not start`);
}
