/**
 * GT06 (Concox/Jimi) framing: 0x7878 <len1> or 0x7979 <len2>, then protocol number .. serial,
 * CRC-ITU, 0x0d0a. Length-delimited, so a streaming deframer only needs the length field.
 */
import { appendBytes } from '../tcp-listener.js';

/** CRC-ITU as GT06 uses it (CRC-16/X-25: reflected 0x1021, init and final XOR 0xffff). */
export function crcItu(b: Uint8Array, from = 0, to = b.length): number {
  let crc = 0xffff;
  for (let i = from; i < to; i++) {
    crc ^= b[i];
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return ~crc & 0xffff;
}

export interface Gt06Frame {
  /** whole frame, start bytes to 0d0a */
  bytes: Uint8Array;
  /** 1 for 0x7878, 2 for 0x7979 */
  lengthBytes: 1 | 2;
}

export interface Gt06Deframer {
  push(chunk: Uint8Array): { frames: Gt06Frame[]; oversized: boolean };
  readonly buffered: number;
}

const EMPTY = new Uint8Array(0);

function indexOfCrLf(b: Uint8Array, from: number): number {
  for (let i = from; i + 1 < b.length; i++) if (b[i] === 0x0d && b[i + 1] === 0x0a) return i;
  return -1;
}

/** Streaming deframer: skips bytes until 7878/7979, then takes exactly the declared length. */
export function createGt06Deframer(maxFrameBytes = 2048): Gt06Deframer {
  let buf: Uint8Array = EMPTY;
  return {
    get buffered() {
      return buf.length;
    },
    push(chunk) {
      const frames: Gt06Frame[] = [];
      let oversized = false;
      buf = appendBytes(buf, chunk);
      for (;;) {
        let start = -1;
        for (let i = 0; i + 1 < buf.length; i++) {
          if ((buf[i] === 0x78 && buf[i + 1] === 0x78) || (buf[i] === 0x79 && buf[i + 1] === 0x79)) {
            start = i;
            break;
          }
        }
        if (start < 0) {
          // keep a trailing 0x78/0x79: it may be the first half of a start marker
          buf = buf.length && (buf[buf.length - 1] === 0x78 || buf[buf.length - 1] === 0x79) ? buf.subarray(buf.length - 1) : EMPTY;
          break;
        }
        buf = buf.subarray(start);
        const lengthBytes = buf[0] === 0x78 ? 1 : 2;
        if (buf.length < 2 + lengthBytes) break;
        const len = lengthBytes === 1 ? buf[2] : (buf[2] << 8) | buf[3];
        const total = 2 + lengthBytes + len + 2;
        if (total > maxFrameBytes && indexOfCrLf(buf, 2 + lengthBytes + 1) < 0) {
          oversized = true;
          buf = buf.subarray(2); // resync after the bogus start marker
          continue;
        }
        let end = total;
        if (buf.length < total || buf[total - 2] !== 0x0d || buf[total - 1] !== 0x0a) {
          // some models send a wrong length (logins, WiFi 0x69, 0x17): then the frame ends at 0d0a
          const stop = indexOfCrLf(buf, 2 + lengthBytes + 1);
          if (stop < 0) {
            if (buf.length > maxFrameBytes) {
              oversized = true;
              buf = buf.subarray(2);
              continue;
            }
            break;
          }
          end = stop + 2;
        }
        frames.push({ bytes: buf.slice(0, end), lengthBytes });
        buf = buf.subarray(end);
      }
      if (buf.length > maxFrameBytes) {
        oversized = true;
        buf = EMPTY;
      } else if (buf.length && buf.buffer.byteLength > buf.length * 4) buf = buf.slice();
      return { frames, oversized };
    },
  };
}

/** A reply frame: 7878 05 <protocol> <serial> <crc> 0d0a (0x7979 framing when the terminal used it). */
export function encodeGt06Reply(protocolNumber: number, serial: number, content: Uint8Array = new Uint8Array(0), lengthBytes: 1 | 2 = 1): Uint8Array {
  const len = 1 + content.length + 2 + 2;
  const out = new Uint8Array(2 + lengthBytes + len + 2);
  out[0] = out[1] = lengthBytes === 1 ? 0x78 : 0x79;
  let p = 2;
  if (lengthBytes === 2) out[p++] = len >> 8;
  out[p++] = len & 0xff;
  out[p++] = protocolNumber;
  out.set(content, p);
  p += content.length;
  out[p++] = serial >> 8;
  out[p++] = serial & 0xff;
  const crc = crcItu(out, 2, p);
  out[p++] = crc >> 8;
  out[p++] = crc & 0xff;
  out[p++] = 0x0d;
  out[p] = 0x0a;
  return out;
}
