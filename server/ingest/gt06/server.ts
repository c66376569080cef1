/**
 * GT06 TCP server: a terminal logs in with its IMEI (0x01), then sends heartbeats (0x13),
 * locations (0x12/0x22) and alarms (0x16/0x26). Login, heartbeat and alarm are answered as the
 * protocol asks; locations go to the shared ingestion path. Same guards as the JT/T 808 server.
 */
import { createServer, type Socket } from 'node:net';
import { tcpListener } from '../tcp-listener.js';
import type { Jt808Log } from '../jt808/session.js';
import type { Ingest } from '../ingest.js';
import { decodeGt06Frame, GT06, type Gt06Message } from './decode.js';
import { createGt06Deframer, encodeGt06Reply, type Gt06Frame } from './frame.js';

export interface Gt06Options {
  ingest: Pick<Ingest, 'ingest'>;
  /** IMEI (15 digits) -> vehicle id */
  resolveVehicle: (deviceId: string) => string | undefined;
  log?: Jt808Log;
  /** default 180 s */
  idleTimeoutMs?: number;
  /** default 2048 */
  maxFrameBytes?: number;
  /** minutes east of UTC of terminal clocks (default 0: GT06 terminals send UTC) */
  tzOffsetMin?: number;
}

export interface Gt06Stats {
  connections: number;
  frames: number;
  decodeErrors: number;
  badCrc: number;
  logins: number;
  unknownDevice: number;
  notLoggedIn: number;
  positions: number;
  invalid: number;
  accepted: number;
  rejected: number;
  oversizedClosed: number;
  idleClosed: number;
  handlerErrors: number;
}

export interface Gt06Server {
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
  stats(): Gt06Stats;
}

const REPLIED = new Set<number>([GT06.login, GT06.status, GT06.alarm, GT06.alarm2]);

/** Creates a GT06 server on the shared ingestion path. */
export function createGt06Server(deps: Gt06Options): Gt06Server {
  const stats: Gt06Stats = { connections: 0, frames: 0, decodeErrors: 0, badCrc: 0, logins: 0, unknownDevice: 0, notLoggedIn: 0, positions: 0, invalid: 0, accepted: 0, rejected: 0, oversizedClosed: 0, idleClosed: 0, handlerErrors: 0 };
  const sockets = new Set<Socket>();

  function attach(socket: Socket): void {
    const deframer = createGt06Deframer(deps.maxFrameBytes ?? 2048);
    let vehicleId: string | undefined;
    let chain: Promise<void> = Promise.resolve();

    async function handle(frame: Gt06Frame): Promise<void> {
      stats.frames++;
      const d = decodeGt06Frame(frame, { tzOffsetMin: deps.tzOffsetMin });
      if (!d.ok) {
        stats.decodeErrors++;
        return;
      }
      const m = d.message;
      if (!m.crcOk) stats.badCrc++;
      if (m.type === 'login') {
        vehicleId = deps.resolveVehicle(m.imei!);
        if (!vehicleId) {
          // the protocol has no negative login reply: an unknown terminal is disconnected
          stats.unknownDevice++;
          deps.log?.info({ imei: m.imei }, 'gt06 login from an unknown device');
          socket.destroy();
          return;
        }
        stats.logins++;
      } else if (!vehicleId) {
        stats.notLoggedIn++;
        return;
      } else if (m.position) await report(vehicleId, m);
      if (REPLIED.has(m.protocolNumber) && !socket.destroyed) socket.write(encodeGt06Reply(m.protocolNumber, m.serial, undefined, frame.lengthBytes));
    }

    async function report(vehicle: string, m: Gt06Message): Promise<void> {
      const p = m.position!;
      if (!p.valid || p.time === undefined) {
        stats.invalid++;
        return;
      }
      stats.positions++;
      const res = await deps.ingest.ingest([{ vehicleId: vehicle, lat: p.lat, lon: p.lon, ts: p.time, speedKmh: p.speedKmh, heading: p.heading }]);
      stats.accepted += res.accepted;
      stats.rejected += res.rejected.length;
    }

    socket.on('data', (chunk) => {
      try {
        const { frames, oversized } = deframer.push(chunk);
        for (const f of frames) {
          chain = chain.then(() => handle(f)).catch((err) => {
            stats.handlerErrors++;
            deps.log?.error({ err }, 'gt06 handler failed');
          });
        }
        if (oversized) {
          stats.oversizedClosed++;
          socket.destroy();
        }
      } catch (err) {
        stats.handlerErrors++;
        deps.log?.error({ err }, 'gt06 deframing failed');
        socket.destroy();
      }
    });
  }

  const server = createServer((socket) => {
    stats.connections++;
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.setTimeout(deps.idleTimeoutMs ?? 180_000);
    socket.on('timeout', () => {
      stats.idleClosed++;
      socket.destroy();
    });
    socket.on('error', (err) => deps.log?.debug({ err: err.message }, 'gt06 socket error'));
    socket.on('close', () => {
      stats.connections--;
      sockets.delete(socket);
    });
    attach(socket);
  });
  server.on('error', (err) => deps.log?.error({ err }, 'gt06 server error'));

  return {
    ...tcpListener(server, sockets, 1024),
    stats: () => ({ ...stats }),
  };
}
