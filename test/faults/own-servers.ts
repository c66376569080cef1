/**
 * Private Redis and FerretDB servers for fault tests: each test starts its own on a free port
 * (never the shared ones on 6379 / 27017, which other test files use at the same time), kills it
 * and starts it again on the same port.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** A server process this test owns, restartable on the same port. */
export interface OwnServer {
  port: number;
  url: string;
  /** SIGKILL, as a crash would; resolves once the port is closed */
  kill(): Promise<void>;
  /** starts it again on the same port (nothing when it runs) */
  restart(): Promise<void>;
  /** kills it and removes its state */
  dispose(): Promise<void>;
}

async function own(port: number, url: string, launch: () => ChildProcess, cleanup = () => {}): Promise<OwnServer> {
  let child: ChildProcess | undefined;
  let output = '';
  const start = async () => {
    if (child && child.exitCode === null && child.signalCode === null) return;
    output = '';
    const c = launch();
    child = c;
    c.stdout?.on('data', (d) => (output += d));
    c.stderr?.on('data', (d) => (output += d));
    const end = Date.now() + 20_000;
    while (!(await answers(port))) {
      if (c.exitCode !== null) throw new Error(`server on port ${port} exited at start:\n${output}`);
      if (Date.now() > end) throw new Error(`server on port ${port} did not answer within 20 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const kill = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await gone;
    while (await answers(port)) await new Promise((r) => setTimeout(r, 20));
  };
  await start();
  return {
    port,
    url,
    kill,
    restart: start,
    async dispose() {
      await kill();
      cleanup();
    },
  };
}

/** Why a private redis-server cannot be started here, or undefined. */
export function redisMissing(): string | undefined {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'redis-server is not on PATH';
  }
}

/** A private redis-server without persistence: a restart loses everything it held. */
export async function startOwnRedis(): Promise<OwnServer> {
  const port = await freePort();
  return own(port, `redis://127.0.0.1:${port}`, () =>
    spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] }),
  );
}

/** The FerretDB binary (FERRETDB_BIN, else $(go env GOPATH)/bin/ferretdb), or undefined. */
export function ferretBinary(): string | undefined {
  if (process.env.FERRETDB_BIN) return existsSync(process.env.FERRETDB_BIN) ? process.env.FERRETDB_BIN : undefined;
  try {
    const gopath = execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim();
    const bin = path.join(gopath, 'bin', 'ferretdb');
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/** A private FerretDB (SQLite backend) with its own state folder, kept across restarts. */
export async function startOwnFerret(bin: string): Promise<OwnServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-ferret-'));
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${dir}/`,
    `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable',
    '--log-level=warn',
    '--debug-addr=-',
    `--state-dir=${dir}`,
  ];
  return own(port, `mongodb://127.0.0.1:${port}/cityfleet_faults`, () => spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] }), () => rmSync(dir, { recursive: true, force: true }));
}
