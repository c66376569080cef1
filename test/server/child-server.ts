import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CHILD_AUTH_SECRET, registerRemote, TEST_PASSWORD } from './helpers.js';

export interface ChildServer {
  url: string;
  child: ChildProcess;
  /** everything the process printed, for failure messages */
  output: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `server/main.ts` as a separate process (as production runs it) and waits for its URL. */
export async function startChild(env: Record<string, string>, timeoutMs = 90_000): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SIMULATE: 'false', LOG_LEVEL: 'warn', PLAN_TIME_MS: '200', REPAIR_TIME_MS: '100', LEASE_MS: '1500', AUTH_SECRET: CHILD_AUTH_SECRET, DEMO_PASSWORD: TEST_PASSWORD, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => output.push(l));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within ${timeoutMs} ms:\n${output.join('\n')}`)), timeoutMs);
    lines.on('line', (l) => {
      output.push(l);
      const m = /Dispatch console: (http:\/\/\S+?)\/?$/.exec(l);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output.join('\n')}`));
    });
  });
  const unregister = await registerRemote(url);
  child.once('exit', unregister);
  return {
    url,
    child,
    output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
}
