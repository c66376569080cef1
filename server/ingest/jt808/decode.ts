/**
 * JT/T 808 message decoder (2011, 2013 and 2019 headers). Pure: an unescaped frame in, a message
 * or an error out; it never throws on bad input.
 */
import { Reader, text, toHex } from './bytes.js';
import { xorCheck, type BinaryFrame } from './frame.js';
import { readLocation, type Jt808Location } from './location.js';

export const MSG = {
  terminalReply: 0x0001,
  heartbeat: 0x0002,
  logout: 0x0003,
  register: 0x0100,
  auth: 0x0102,
  location: 0x0200,
  /** answer to a position query (0x8201): reply serial, then a location block */
  locationReply: 0x0201,
  batch: 0x0704,
  platformReply: 0x8001,
  registerReply: 0x8100,
} as const;

export interface Jt808Header {
  msgId: number;
  /** body length declared in the body properties */
  bodyLength: number;
  /** bits 10-12 of the body properties: 0 plain, 1 RSA */
  encryption: number;
  subpackage: boolean;
  /** bit 14: the 2019 header (protocol version byte, 10-byte phone) */
  version2019: boolean;
  protocolVersion?: number;
  /** terminal phone number: the BCD digits as sent (hex when a vendor puts non-BCD bytes there) */
  terminalId: string;
  serial: number;
  packetTotal?: number;
  packetIndex?: number;
}

export interface Jt808Register {
  type: 'register';
  provinceId: number;
  cityId: number;
  makerId: string;
  model: string;
  deviceId: string;
  plateColor: number;
  plate: string;
}

export type Jt808Body =
  | { type: 'heartbeat' }
  | { type: 'logout' }
  | Jt808Register
  | { type: 'auth'; code: string; imei?: string; softwareVersion?: string }
  | { type: 'location'; location: Jt808Location }
  | { type: 'batch'; locationType: number; locations: Jt808Location[]; errors: string[] }
  | { type: 'terminal-reply'; replySerial: number; replyId: number; result: number }
  | { type: 'platform-reply'; replySerial: number; replyId: number; result: number }
  /** one packet of a message split over several (body properties bit 13); see reassembly.ts */
  | { type: 'fragment'; total: number; index: number; bodyHex: string }
  | { type: 'other'; bodyHex: string; note?: string };

export interface Jt808Message {
  header: Jt808Header;
  body: Jt808Body;
  checksumOk: boolean;
  /** the declared body length disagrees with the bytes received */
  lengthMismatch: boolean;
  warnings: string[];
}

export type Jt808Decoded = { ok: true; message: Jt808Message } | { ok: false; error: string; header?: Jt808Header };

export interface DecodeOptions {
  /** accept a wrong check code or body length, as real vendors send (default true) */
  lenient?: boolean;
  /** time zone of the BCD times, minutes east of UTC (GMT+8 by the standard) */
  tzOffsetMin?: number;
}

const MIN_FRAME = 13; // 2011 header (12) + check code

/** Decodes one unescaped frame (header, body and check code, without the 0x7e delimiters). */
export function decodeJt808Frame(frame: Uint8Array, opts: DecodeOptions = {}): Jt808Decoded {
  const lenient = opts.lenient ?? true;
  if (frame.length < MIN_FRAME) return { ok: false, error: `frame too short (${frame.length} bytes, at least ${MIN_FRAME})` };
  const r = new Reader(frame, frame.length - 1);
  const msgId = r.u16();
  const props = r.u16();
  const version2019 = (props & 0x4000) !== 0;
  const header: Jt808Header = {
    msgId,
    bodyLength: props & 0x3ff,
    encryption: (props >> 10) & 7,
    subpackage: (props & 0x2000) !== 0,
    version2019,
    terminalId: '',
    serial: 0,
  };
  const headerLen = 12 + (version2019 ? 5 : 0) + (header.subpackage ? 4 : 0);
  if (frame.length < headerLen + 1) return { ok: false, error: `frame too short for its header (${frame.length} bytes)` };
  if (version2019) header.protocolVersion = r.u8();
  header.terminalId = toHex(r.bytes(version2019 ? 10 : 6));
  header.serial = r.u16();
  if (header.subpackage) {
    header.packetTotal = r.u16();
    header.packetIndex = r.u16();
  }
  const warnings: string[] = [];
  const expected = xorCheck(frame, 0, frame.length - 1);
  const checksumOk = expected === frame[frame.length - 1];
  if (!checksumOk) {
    const msg = `check code 0x${frame[frame.length - 1].toString(16)} != computed 0x${expected.toString(16)}`;
    if (!lenient) return { ok: false, error: msg, header };
    warnings.push(msg);
  }
  const actual = frame.length - 1 - headerLen;
  const lengthMismatch = actual !== header.bodyLength;
  if (lengthMismatch) {
    const msg = `body length ${actual} != declared ${header.bodyLength}`;
    if (!lenient) return { ok: false, error: msg, header };
    warnings.push(msg);
  }
  const body = decodeBody(header, new Reader(frame.subarray(headerLen, frame.length - 1)), opts.tzOffsetMin ?? 480, warnings);
  if (typeof body === 'string') return { ok: false, error: body, header };
  return { ok: true, message: { header, body, checksumOk, lengthMismatch, warnings } };
}

/** Decodes a message body for its header (also a body reassembled from packets); a string is the error. */
export function decodeJt808Body(h: Jt808Header, body: Uint8Array, opts: DecodeOptions = {}, warnings: string[] = []): Jt808Body | string {
  return decodeBody(h, new Reader(body), opts.tzOffsetMin ?? 480, warnings);
}

function decodeBody(h: Jt808Header, r: Reader, tz: number, warnings: string[]): Jt808Body | string {
  const bodyHex = () => toHex(r.buf);
  if (h.encryption !== 0) return { type: 'other', bodyHex: bodyHex(), note: 'encrypted body (RSA) not supported' };
  if (h.subpackage && (h.packetTotal ?? 0) > 1) return { type: 'fragment', total: h.packetTotal!, index: h.packetIndex ?? 0, bodyHex: bodyHex() };
  switch (h.msgId) {
    case MSG.heartbeat:
      return { type: 'heartbeat' };
    case MSG.logout:
      return { type: 'logout' };
    case MSG.terminalReply:
    case MSG.platformReply:
      if (!r.has(5)) return `reply body too short (${r.left} bytes)`;
      return { type: h.msgId === MSG.terminalReply ? 'terminal-reply' : 'platform-reply', replySerial: r.u16(), replyId: r.u16(), result: r.u8() };
    case MSG.register:
      return decodeRegister(h, r);
    case MSG.auth:
      return decodeAuth(h, r);
    case MSG.location: {
      const location = readLocation(r, tz);
      if (!location) return `location body too short (${r.left} bytes, at least 28)`;
      if (location.time === undefined) warnings.push('location time is not a valid BCD date');
      return { type: 'location', location };
    }
    case MSG.locationReply: {
      if (!r.has(2)) return 'position reply body too short';
      r.u16();
      const location = readLocation(r, tz);
      if (!location) return `location body too short (${r.left} bytes, at least 28)`;
      return { type: 'location', location };
    }
    case MSG.batch:
      return decodeBatch(r, tz);
    default:
      return { type: 'other', bodyHex: bodyHex() };
  }
}

function decodeRegister(h: Jt808Header, r: Reader): Jt808Register | string {
  // field widths: 2011 maker 5 / model 8 / id 7; 2013 5 / 20 / 7; 2019 11 / 30 / 30
  const [maker, model, id] = h.version2019 ? [11, 30, 30] : r.left >= 37 ? [5, 20, 7] : [5, 8, 7];
  const fixed = 4 + maker + model + id + 1;
  if (!r.has(fixed)) return `registration body too short (${r.left} bytes, at least ${fixed})`;
  return {
    type: 'register',
    provinceId: r.u16(),
    cityId: r.u16(),
    makerId: text(r.bytes(maker)),
    model: text(r.bytes(model)),
    deviceId: text(r.bytes(id)),
    plateColor: r.u8(),
    plate: text(r.bytes(r.left)),
  };
}

function decodeAuth(h: Jt808Header, r: Reader): Jt808Body | string {
  if (!h.version2019) return { type: 'auth', code: text(r.bytes(r.left)) };
  if (!r.has(1)) return 'authentication body empty';
  const n = r.u8();
  if (!r.has(n)) return `authentication code cut short (${r.left} of ${n} bytes)`;
  const code = text(r.bytes(n));
  const imei = r.has(15) ? text(r.bytes(15)) : undefined;
  const softwareVersion = r.left > 0 ? text(r.bytes(Math.min(20, r.left))) : undefined;
  return { type: 'auth', code, imei, softwareVersion };
}

function decodeBatch(r: Reader, tz: number): Jt808Body | string {
  if (!r.has(3)) return `batch body too short (${r.left} bytes)`;
  const count = r.u16();
  const locationType = r.u8();
  const locations: Jt808Location[] = [];
  const errors: string[] = [];
  for (let i = 0; i < count; i++) {
    if (!r.has(2)) {
      errors.push(`item ${i}: missing (batch declares ${count})`);
      break;
    }
    const len = r.u16();
    if (!r.has(len)) {
      errors.push(`item ${i}: cut short (${r.left} of ${len} bytes)`);
      break;
    }
    const loc = readLocation(new Reader(r.bytes(len)), tz);
    if (loc) locations.push(loc);
    else errors.push(`item ${i}: location shorter than 28 bytes`);
  }
  return { type: 'batch', locationType, locations, errors };
}

/**
 * Decodes a frame from the deframer. In lenient mode a frame whose check code fails only after
 * unescaping is tried as sent, for vendors that never escape 0x7d: the version that checks out wins.
 */
export function decodeJt808(frame: BinaryFrame, opts: DecodeOptions = {}): Jt808Decoded {
  const first = decodeJt808Frame(frame.bytes, opts);
  if ((opts.lenient ?? true) === false || frame.escaped.length === frame.bytes.length) return first;
  if (first.ok && first.message.checksumOk) return first;
  const asSent = decodeJt808Frame(frame.escaped, opts);
  if (asSent.ok && asSent.message.checksumOk && !asSent.message.lengthMismatch) {
    asSent.message.warnings.push('0x7d escapes not used by this terminal');
    return asSent;
  }
  return first;
}
