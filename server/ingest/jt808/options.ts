/** Options and counters of the JT/T 808 server (shared by session.ts and server.ts). */
import type { Logger } from 'pino';
import type { Ingest } from '../ingest.js';
import type { Jt808Location } from './location.js';

export type Jt808Log = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export interface Jt808Options {
  ingest: Pick<Ingest, 'ingest'>;
  /**
   * device identifier -> vehicle id. Tried with the terminal phone number (as sent, then without
   * leading zeros); at registration also with the plate and the terminal ID of the 0x0100 body.
   */
  resolveVehicle: (deviceId: string) => string | undefined;
  log?: Jt808Log;
  /** a connection silent for this long is closed (default 180 s: three missed heartbeats at 60 s) */
  idleTimeoutMs?: number;
  /** escaped size above which a frame is dropped and its connection closed (default 4096) */
  maxFrameBytes?: number;
  /** accept frames with a wrong check code or body length, as real vendors send (default true) */
  lenient?: boolean;
  /** authentication code given to a terminal at registration (default: HMAC of the id with a per-process secret) */
  authCode?: (terminalId: string) => string;
  /** positions are accepted only after 0x0102 authentication (default true; false for trackers that skip it) */
  requireAuth?: boolean;
  /** time zone of terminal clocks, minutes east of UTC (default 480, GMT+8 as the standard says) */
  tzOffsetMin?: number;
  /** "brushes down / collecting" from a report, for vendors that wire it to a status or IO bit (default: not sent) */
  working?: (location: Jt808Location) => boolean | undefined;
  /** every decoded report of a known, authenticated terminal (alarms, fuel, load state...), after ingest */
  onLocation?: (vehicleId: string, location: Jt808Location) => void;
}

export interface Jt808Stats {
  connections: number;
  connectionsTotal: number;
  frames: number;
  textFrames: number;
  decodeErrors: number;
  badChecksum: number;
  lengthMismatch: number;
  oversizedClosed: number;
  idleClosed: number;
  floodClosed: number;
  registered: number;
  registerRejected: number;
  authOk: number;
  authFailed: number;
  unauthenticatedReports: number;
  unknownTerminal: number;
  positions: number;
  unfixed: number;
  accepted: number;
  rejected: number;
  /** ingest threw (storage down): answered with a failure so the terminal resends */
  ingestFailed: number;
  handlerErrors: number;
}

export function emptyStats(): Jt808Stats {
  return {
    connections: 0, connectionsTotal: 0, frames: 0, textFrames: 0, decodeErrors: 0, badChecksum: 0, lengthMismatch: 0,
    oversizedClosed: 0, idleClosed: 0, floodClosed: 0, registered: 0, registerRejected: 0, authOk: 0, authFailed: 0,
    unauthenticatedReports: 0, unknownTerminal: 0, positions: 0, unfixed: 0, accepted: 0, rejected: 0, ingestFailed: 0, handlerErrors: 0,
  };
}
