/** GT06 message decoder: login, GPS location (0x12/0x22), status/heartbeat (0x13), alarms (0x16/0x26). Never throws. */
import { bcdToString, Reader, toHex } from '../jt808/bytes.js';
import { createGt06Deframer, crcItu, type Gt06Frame } from './frame.js';

export const GT06 = { login: 0x01, location: 0x12, status: 0x13, alarm: 0x16, location2: 0x22, alarm2: 0x26 } as const;

export interface Gt06Position {
  /** UTC epoch ms */
  time: number | undefined;
  valid: boolean;
  lat: number;
  lon: number;
  speedKmh: number;
  heading: number;
  attributes: Record<string, number | string | boolean>;
}

export interface Gt06Message {
  protocolNumber: number;
  type: 'login' | 'location' | 'status' | 'alarm' | 'other';
  serial: number;
  crcOk: boolean;
  /** login: IMEI (leading zero of the 8-byte BCD dropped) */
  imei?: string;
  position?: Gt06Position;
  status?: Record<string, number | string | boolean>;
  contentHex?: string;
}

export type Gt06Decoded = { ok: true; message: Gt06Message } | { ok: false; error: string };

export interface Gt06Options {
  /** minutes east of UTC of the terminal clock (GT06 terminals send UTC unless configured; default 0) */
  tzOffsetMin?: number;
  /** accept a wrong CRC (default true) */
  lenient?: boolean;
}

const ALARM_BYTE: Record<number, string> = { 1: 'sos', 2: 'powerCut', 3: 'vibration', 4: 'geofenceEnter', 5: 'geofenceExit', 6: 'overspeed', 9: 'movement' };
const INFO_ALARM: Record<number, string> = { 1: 'vibration', 2: 'powerCut', 3: 'lowBattery', 4: 'sos' };

/** The 18-byte GPS block: date/time, satellites, lat, lon, speed, course and status. */
function readGps(r: Reader, tz: number): Gt06Position | undefined {
  if (!r.has(18)) return undefined;
  const [yy, mo, dd, hh, mi, ss] = Array.from(r.bytes(6));
  const ok = mo >= 1 && mo <= 12 && dd >= 1 && dd <= 31 && hh < 24 && mi < 60 && ss < 60;
  const time = ok ? Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss) - tz * 60_000 : undefined;
  const satellites = r.u8() & 0x0f;
  const lat = r.u32() / 1_800_000;
  const lon = r.u32() / 1_800_000;
  const speedKmh = r.u8();
  const flags = r.u16();
  return {
    time,
    valid: (flags & 0x1000) !== 0,
    // bit 10 set = north, bit 11 set = west
    lat: flags & 0x0400 ? lat : -lat,
    lon: flags & 0x0800 ? -lon : lon,
    speedKmh,
    heading: flags & 0x03ff,
    attributes: { satellites },
  };
}

function readStatus(r: Reader): Record<string, number | string | boolean> {
  const info = r.u8();
  const s: Record<string, number | string | boolean> = {
    ignition: (info & 0x02) !== 0,
    charge: (info & 0x04) !== 0,
    armed: (info & 0x01) !== 0,
    fuelCut: (info & 0x80) !== 0,
  };
  const infoAlarm = INFO_ALARM[(info >> 3) & 7];
  if (infoAlarm) s.alarm = infoAlarm;
  if (r.has(1)) s.batteryLevel = Math.round((Math.min(r.u8(), 6) * 100) / 6);
  if (r.has(1)) s.rssi = r.u8();
  if (r.has(1)) {
    const a = ALARM_BYTE[r.u8()];
    if (a) s.alarm = a;
  }
  return s;
}

/** Decodes one whole frame (start bytes .. 0d0a). */
export function decodeGt06Frame(frame: Gt06Frame, opts: Gt06Options = {}): Gt06Decoded {
  const b = frame.bytes;
  const hl = 2 + frame.lengthBytes;
  if (b.length < hl + 1 + 2 + 2 + 2) return { ok: false, error: `frame too short (${b.length} bytes)` };
  const crcAt = b.length - 4;
  const crcOk = crcItu(b, 2, crcAt) === ((b[crcAt] << 8) | b[crcAt + 1]);
  if (!crcOk && opts.lenient === false) return { ok: false, error: 'CRC mismatch' };
  const protocolNumber = b[hl];
  const serial = (b[crcAt - 2] << 8) | b[crcAt - 1];
  const r = new Reader(b.subarray(hl + 1, crcAt - 2));
  const tz = opts.tzOffsetMin ?? 0;
  const m: Gt06Message = { protocolNumber, type: 'other', serial, crcOk };
  switch (protocolNumber) {
    case GT06.login: {
      if (!r.has(8)) return { ok: false, error: 'login without terminal id' };
      const id = bcdToString(r.bytes(8));
      if (!id) return { ok: false, error: 'login terminal id is not BCD' };
      return { ok: true, message: { ...m, type: 'login', imei: id.replace(/^0/, '') } };
    }
    case GT06.location:
    case GT06.location2: {
      // some models put the 8-byte BCD IMEI before the GPS block of a 0x12
      if (protocolNumber === GT06.location && r.left === 34 && bcdToString(r.buf.subarray(0, 8))) r.bytes(8);
      const position = readGps(r, tz);
      if (!position) return { ok: false, error: 'location shorter than the 18-byte GPS block' };
      if (r.has(8)) {
        position.attributes.mcc = r.u16();
        position.attributes.mnc = r.u8();
        position.attributes.lac = r.u16();
        position.attributes.cid = (r.u8() << 16) | r.u16();
      }
      if (protocolNumber === GT06.location2 && r.has(1)) position.attributes.ignition = r.u8() === 1;
      return { ok: true, message: { ...m, type: 'location', position } };
    }
    case GT06.status:
      return { ok: true, message: { ...m, type: 'status', status: readStatus(r) } };
    case GT06.alarm:
    case GT06.alarm2: {
      const position = readGps(r, tz);
      if (!position) return { ok: false, error: 'alarm shorter than the 18-byte GPS block' };
      // the LBS block before the status varies by model; the status (info, voltage, GSM, alarm,
      // language) is always the last five bytes
      if (r.left > 5) r.bytes(r.left - 5);
      const status = r.left === 5 ? readStatus(r) : {};
      Object.assign(position.attributes, status);
      return { ok: true, message: { ...m, type: 'alarm', position, status } };
    }
    default:
      return { ok: true, message: { ...m, contentHex: toHex(r.buf) } };
  }
}

/** Deframes and decodes a captured byte string (for tools and tests). */
export function decodeGt06Stream(bytes: Uint8Array, opts: Gt06Options = {}): { messages: Gt06Message[]; errors: string[] } {
  const { frames } = createGt06Deframer(1 << 16).push(bytes);
  const messages: Gt06Message[] = [];
  const errors: string[] = frames.length ? [] : ['no complete 7878/7979 frame'];
  for (const f of frames) {
    const d = decodeGt06Frame(f, opts);
    if (d.ok) messages.push(d.message);
    else errors.push(d.error);
  }
  return { messages, errors };
}
