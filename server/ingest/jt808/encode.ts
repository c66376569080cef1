/** JT/T 808 platform replies: header, check code, escapes and 0x7e delimiters. */
import { fromHex } from './bytes.js';
import { MSG } from './decode.js';
import { escapeFrame, xorCheck } from './frame.js';

/** 0x8001 results */
export const REPLY = { ok: 0, failure: 1, badMessage: 2, unsupported: 3, alarmConfirmed: 4 } as const;

/** 0x8100 results (JT/T 808-2013 table 10) */
export const REGISTER = { ok: 0, vehicleTaken: 1, noSuchVehicle: 2, terminalTaken: 3, noSuchTerminal: 4 } as const;

export interface ReplyTo {
  /** terminal phone as decoded (hex digits) */
  terminalId: string;
  version2019: boolean;
  protocolVersion?: number;
}

/** A whole frame ready for the socket: 7e, escaped header + body + check code, 7e. */
export function encodeJt808Frame(msgId: number, to: ReplyTo, serial: number, body: Uint8Array): Uint8Array {
  const phoneLen = to.version2019 ? 10 : 6;
  const headerLen = 2 + 2 + (to.version2019 ? 1 : 0) + phoneLen + 2;
  const raw = new Uint8Array(headerLen + body.length + 1);
  const view = new DataView(raw.buffer);
  view.setUint16(0, msgId);
  view.setUint16(2, (body.length & 0x3ff) | (to.version2019 ? 0x4000 : 0));
  let p = 4;
  if (to.version2019) raw[p++] = to.protocolVersion ?? 1;
  const phone = fromHex(to.terminalId.padStart(phoneLen * 2, '0').slice(-phoneLen * 2)) ?? new Uint8Array(phoneLen);
  raw.set(phone, p);
  p += phoneLen;
  view.setUint16(p, serial & 0xffff);
  p += 2;
  raw.set(body, p);
  raw[raw.length - 1] = xorCheck(raw, 0, raw.length - 1);
  const esc = escapeFrame(raw);
  const out = new Uint8Array(esc.length + 2);
  out[0] = 0x7e;
  out.set(esc, 1);
  out[out.length - 1] = 0x7e;
  return out;
}

/** 0x8001 platform general reply to the terminal message (`replyId`, `replySerial`). */
export function encodeGeneralReply(to: ReplyTo, serial: number, replySerial: number, replyId: number, result: number): Uint8Array {
  const body = new Uint8Array(5);
  const v = new DataView(body.buffer);
  v.setUint16(0, replySerial);
  v.setUint16(2, replyId);
  body[4] = result;
  return encodeJt808Frame(MSG.platformReply, to, serial, body);
}

/** 0x8100 registration reply; the authentication code is sent only on success. */
export function encodeRegisterReply(to: ReplyTo, serial: number, replySerial: number, result: number, authCode?: string): Uint8Array {
  const code = result === REGISTER.ok && authCode ? new TextEncoder().encode(authCode) : new Uint8Array(0);
  const body = new Uint8Array(3 + code.length);
  new DataView(body.buffer).setUint16(0, replySerial);
  body[2] = result;
  body.set(code, 3);
  return encodeJt808Frame(MSG.registerReply, to, serial, body);
}
