/**
 * One JT/T 808 terminal connection, independent of the socket: bytes in, replies out, fixes to the
 * shared ingestion path. Frames of a connection are handled one after another so replies keep the
 * terminal's order; nothing a terminal sends can throw out of onData().
 */
import { createDeframer, type RawFrame } from './frame.js';
import { decodeJt808, type Jt808Message } from './decode.js';
import { encodeGeneralReply, encodeRegisterReply, REGISTER, REPLY } from './encode.js';
import type { Jt808Location } from './location.js';
import { createReassembler } from './reassembly.js';
import type { Jt808Options, Jt808Stats } from './options.js';

export { emptyStats } from './options.js';
export type { Jt808Log, Jt808Options, Jt808Stats } from './options.js';

export interface SessionIo {
  send(bytes: Uint8Array): void;
  close(reason: string): void;
}

export interface Jt808Session {
  onData(chunk: Uint8Array): void;
  /** bytes buffered for an incomplete frame */
  readonly buffered: number;
  /** resolves when every frame received so far has been handled */
  idle(): Promise<void>;
}

/** frames waiting for their turn; a terminal that sends faster than we can store is cut off */
const MAX_QUEUED = 512;

/** What a session needs beyond the options: the resolved auth code, and phone -> vehicle learned at registration (shared by the server's sessions). */
export type SessionOptions = Jt808Options & { authCode: (id: string) => string; learned?: Map<string, string> };

/** Creates the protocol handler of one connection. */
export function createJt808Session(opts: SessionOptions, stats: Jt808Stats, io: SessionIo): Jt808Session {
  const deframer = createDeframer(opts.maxFrameBytes ?? 4096);
  const lenient = opts.lenient ?? true;
  const requireAuth = opts.requireAuth ?? true;
  const authenticated = new Set<string>();
  let serial = 0;
  let queued = 0;
  let chain: Promise<void> = Promise.resolve();
  let closed = false;

  const close = (reason: string) => {
    if (closed) return;
    closed = true;
    io.close(reason);
  };
  const learned = opts.learned ?? new Map<string, string>();
  const reassembler = createReassembler({ tzOffsetMin: opts.tzOffsetMin });
  const resolve = (id: string) =>
    opts.resolveVehicle(id) ?? (id.startsWith('0') ? opts.resolveVehicle(id.replace(/^0+/, '')) : undefined) ?? learned.get(id);
  const reply = (m: Jt808Message, result: number) => {
    const h = m.header;
    io.send(encodeGeneralReply(h, nextSerial(), h.serial, h.msgId, result));
  };
  const nextSerial = () => (serial = (serial + 1) & 0xffff);

  async function handle(frame: RawFrame): Promise<void> {
    stats.frames++;
    if (frame.kind === 'text') {
      stats.textFrames++;
      return;
    }
    const d = decodeJt808(frame, { lenient, tzOffsetMin: opts.tzOffsetMin });
    if (!d.ok) {
      stats.decodeErrors++;
      opts.log?.debug({ err: d.error, terminal: d.header?.terminalId }, 'jt808 frame rejected');
      if (d.header) io.send(encodeGeneralReply(d.header, nextSerial(), d.header.serial, d.header.msgId, REPLY.badMessage));
      return;
    }
    const m = d.message;
    if (!m.checksumOk) stats.badChecksum++;
    if (m.lengthMismatch) stats.lengthMismatch++;
    await dispatch(m);
  }

  async function dispatch(m: Jt808Message): Promise<void> {
    const id = m.header.terminalId;
    const b = m.body;
    switch (b.type) {
      case 'register': {
        let vehicleId = resolve(id);
        if (!vehicleId) {
          // bureaus know their vehicles by plate: a terminal registering with a known plate is learned
          vehicleId = (b.plate && opts.resolveVehicle(b.plate)) || (b.deviceId && opts.resolveVehicle(b.deviceId)) || undefined;
          if (vehicleId) learned.set(id, vehicleId);
        }
        if (!vehicleId) {
          stats.registerRejected++;
          opts.log?.info({ terminal: id, plate: b.plate }, 'jt808 registration from an unknown terminal');
          io.send(encodeRegisterReply(m.header, nextSerial(), m.header.serial, REGISTER.noSuchTerminal));
          return;
        }
        stats.registered++;
        io.send(encodeRegisterReply(m.header, nextSerial(), m.header.serial, REGISTER.ok, opts.authCode(id)));
        return;
      }
      case 'auth': {
        const ok = resolve(id) !== undefined && b.code === opts.authCode(id);
        if (ok) {
          authenticated.add(id);
          stats.authOk++;
        } else stats.authFailed++;
        reply(m, ok ? REPLY.ok : REPLY.failure);
        return;
      }
      case 'heartbeat':
        reply(m, REPLY.ok);
        return;
      case 'logout':
        authenticated.delete(id);
        reply(m, REPLY.ok);
        return;
      case 'location':
      case 'batch':
        reply(m, await report(m, b.type === 'location' ? [b.location] : b.locations));
        return;
      case 'terminal-reply':
      case 'platform-reply':
        return;
      case 'fragment': {
        // each packet is acknowledged; the last one with the outcome of the whole message
        const whole = reassembler.add(m);
        if (typeof whole === 'string') {
          stats.decodeErrors++;
          reply(m, REPLY.badMessage);
        } else if (whole) await dispatch(whole);
        else reply(m, REPLY.ok);
        return;
      }
      case 'other':
        reply(m, REPLY.unsupported);
        return;
    }
  }

  async function report(m: Jt808Message, locations: Jt808Location[]): Promise<number> {
    const id = m.header.terminalId;
    const vehicleId = resolve(id);
    if (!vehicleId) {
      stats.unknownTerminal++;
      return REPLY.failure;
    }
    if (requireAuth && !authenticated.has(id)) {
      stats.unauthenticatedReports++;
      return REPLY.failure;
    }
    const fixes = [];
    for (const l of locations) {
      // a report without a GNSS fix carries a stale or zero position: it must not move the vehicle
      if (!l.fixed || l.time === undefined) {
        stats.unfixed++;
        continue;
      }
      fixes.push({ vehicleId, lat: l.lat, lon: l.lon, ts: l.time, speedKmh: l.speedKmh, heading: l.heading, working: opts.working?.(l) });
    }
    if (fixes.length) {
      stats.positions += fixes.length;
      try {
        const res = await opts.ingest.ingest(fixes);
        stats.accepted += res.accepted;
        stats.rejected += res.rejected.length;
        if (res.rejected.length) opts.log?.debug({ terminal: id, vehicleId, rejected: res.rejected }, 'jt808 fixes rejected');
      } catch (err) {
        // storage failed: a negative reply makes the terminal keep the report and send it again
        stats.ingestFailed++;
        opts.log?.error({ err, terminal: id }, 'jt808 ingest failed');
        return REPLY.failure;
      }
    }
    for (const l of locations) {
      try {
        opts.onLocation?.(vehicleId, l);
      } catch (err) {
        opts.log?.error({ err }, 'jt808 onLocation handler failed');
      }
    }
    return REPLY.ok;
  }

  const run = (frame: RawFrame) => async () => {
    try {
      if (!closed) await handle(frame);
    } catch (err) {
      stats.handlerErrors++;
      opts.log?.error({ err }, 'jt808 handler failed');
    } finally {
      queued--;
    }
  };

  return {
    get buffered() {
      return deframer.buffered;
    },
    onData(chunk) {
      if (closed) return;
      try {
        const { frames, oversized } = deframer.push(chunk);
        for (const f of frames) {
          if (++queued > MAX_QUEUED) {
            stats.floodClosed++;
            close('too many frames waiting');
            return;
          }
          chain = chain.then(run(f));
        }
        if (oversized) {
          stats.oversizedClosed++;
          close('frame larger than maxFrameBytes');
        }
      } catch (err) {
        stats.handlerErrors++;
        opts.log?.error({ err }, 'jt808 deframing failed');
        close('internal error');
      }
    },
    idle: () => chain,
  };
}

