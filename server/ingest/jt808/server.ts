/** The JT/T 808 TCP server: many terminals at once, idle connections closed, every handler guarded. */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { tcpListener } from '../tcp-listener.js';
import { createJt808Session, emptyStats, type Jt808Options, type Jt808Stats } from './session.js';

export type { Jt808Options, Jt808Stats } from './session.js';

export interface Jt808Server {
  /** starts listening; resolves with the bound port (pass 0 for any free port) */
  listen(port: number, host?: string): Promise<number>;
  /** stops accepting, closes every terminal connection */
  close(): Promise<void>;
  stats(): Jt808Stats;
}

/** a terminal that does not read its replies is cut off before its backlog grows large */
const MAX_WRITE_BACKLOG = 256 * 1024;

/** Default authentication code: stable for a terminal while the process runs, unguessable without the secret. */
export function hmacAuthCode(secret: string | Uint8Array): (terminalId: string) => string {
  return (id) => createHmac('sha256', secret).update(id).digest('hex').slice(0, 16);
}

/** Creates a JT/T 808 server that turns location reports into fixes on the shared ingestion path. */
export function createJt808Server(deps: Jt808Options & { maxConnections?: number }): Jt808Server {
  const stats = emptyStats();
  const authCode = deps.authCode ?? hmacAuthCode(randomBytes(32));
  const idleMs = deps.idleTimeoutMs ?? 180_000;
  const sockets = new Set<Socket>();
  const learned = new Map<string, string>();
  const log = deps.log;

  const server = createServer((socket) => {
    stats.connections++;
    stats.connectionsTotal++;
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.setTimeout(idleMs);
    const session = createJt808Session({ ...deps, authCode, learned }, stats, {
      send(bytes) {
        if (socket.destroyed) return;
        if (socket.writableLength > MAX_WRITE_BACKLOG) {
          socket.destroy();
          return;
        }
        socket.write(bytes);
      },
      close(reason) {
        log?.info({ remote: socket.remoteAddress, reason }, 'jt808 connection closed by server');
        socket.destroy();
      },
    });
    socket.on('data', (chunk) => session.onData(chunk));
    socket.on('timeout', () => {
      stats.idleClosed++;
      socket.destroy();
    });
    // resets and half-closed peers are normal on mobile networks: log, never throw
    socket.on('error', (err) => log?.debug({ err: err.message }, 'jt808 socket error'));
    socket.on('close', () => {
      stats.connections--;
      sockets.delete(socket);
    });
  });
  // beyond this the kernel still accepts, and node closes the socket at once
  if (deps.maxConnections) server.maxConnections = deps.maxConnections;
  server.on('error', (err) => log?.error({ err }, 'jt808 server error'));

  return {
    ...tcpListener(server, sockets, 4096),
    stats: () => ({ ...stats }),
  };
}
