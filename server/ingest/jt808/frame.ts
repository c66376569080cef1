/**
 * JT/T 808 framing: 0x7e delimiters, the 0x7d escapes and the XOR check code, plus a streaming
 * deframer for TCP, where a frame may arrive split over chunks or several frames in one chunk.
 */
import { appendBytes } from '../tcp-listener.js';

const FLAG = 0x7e;
const ESC = 0x7d;
const TEXT_OPEN = 0x28; // '(' some vendors interleave text commands "(...)" on the same socket
const TEXT_CLOSE = 0x29;

/** Escapes 0x7e and 0x7d inside a frame body (header + body + check code). */
export function escapeFrame(raw: Uint8Array): Uint8Array {
  let extra = 0;
  for (const b of raw) if (b === FLAG || b === ESC) extra++;
  const out = new Uint8Array(raw.length + extra);
  let j = 0;
  for (const b of raw) {
    if (b === FLAG) {
      out[j++] = ESC;
      out[j++] = 0x02;
    } else if (b === ESC) {
      out[j++] = ESC;
      out[j++] = 0x01;
    } else out[j++] = b;
  }
  return out;
}

/** Undoes the escapes; `badEscapes` counts a 0x7d followed by anything but 01/02 (kept as is). */
export function unescapeFrame(escaped: Uint8Array): { bytes: Uint8Array; badEscapes: number } {
  const out = new Uint8Array(escaped.length);
  let j = 0;
  let badEscapes = 0;
  for (let i = 0; i < escaped.length; i++) {
    const b = escaped[i];
    if (b === ESC && i + 1 < escaped.length && (escaped[i + 1] === 0x01 || escaped[i + 1] === 0x02)) {
      out[j++] = escaped[i + 1] === 0x02 ? FLAG : ESC;
      i++;
    } else {
      if (b === ESC) badEscapes++;
      out[j++] = b;
    }
  }
  return { bytes: out.subarray(0, j), badEscapes };
}

/** XOR of every byte in [from, to). */
export function xorCheck(b: Uint8Array, from = 0, to = b.length): number {
  let x = 0;
  for (let i = from; i < to; i++) x ^= b[i];
  return x;
}

/** One unit cut from the stream: a binary frame (unescaped, without the 0x7e delimiters) or a text command. */
export type RawFrame = BinaryFrame | { kind: 'text'; text: string };

export interface BinaryFrame {
  kind: 'binary';
  /** unescaped */
  bytes: Uint8Array;
  /** as received, still escaped (some vendors never escape; see decodeJt808) */
  escaped: Uint8Array;
  badEscapes: number;
}

export interface Deframer {
  /** Feeds one TCP chunk; returns the complete frames and whether an oversized frame was dropped. */
  push(chunk: Uint8Array): { frames: RawFrame[]; oversized: boolean };
  /** bytes held for an incomplete frame; never above the cap after push() returns */
  readonly buffered: number;
}

const EMPTY = new Uint8Array(0);
const latin1 = new TextDecoder('latin1');

/** Length of the unescaped frame (header + body + check code) its header declares; undefined until 4 bytes are known. */
export function jt808DeclaredLength(head: Uint8Array): number | undefined {
  if (head.length < 4) return undefined;
  const props = (head[2] << 8) | head[3];
  return 12 + (props & 0x4000 ? 5 : 0) + (props & 0x2000 ? 4 : 0) + (props & 0x3ff) + 1;
}

function unescapedLength(b: Uint8Array, from: number, to: number): number {
  let n = to - from;
  for (let i = from; i < to - 1; i++) {
    if (b[i] === ESC && (b[i + 1] === 0x01 || b[i + 1] === 0x02)) {
      n--;
      i++;
    }
  }
  return n;
}

/**
 * Where the binary frame that opens at buf[0] ends, or -1 to wait for more bytes. Some vendors
 * do not escape 0x7e inside the body: when a frame is shorter than its header declares and the
 * 0x7e is followed by more data rather than the next frame's opening 0x7e, the search goes on to
 * the next 0x7e, and takes it when the lengths then agree exactly.
 */
function findFrameEnd(buf: Uint8Array, from: number): number {
  const first = buf.indexOf(FLAG, from);
  if (first < 0) return -1;
  const want = jt808DeclaredLength(unescapeFrame(buf.subarray(1, Math.min(first, 9))).bytes);
  if (want === undefined) return first;
  let end = first;
  for (;;) {
    const len = unescapedLength(buf, 1, end);
    if (len >= want) return len === want ? end : first;
    // a TCP chunk ending on a 0x7e almost always ends a frame (devices write whole frames), and
    // so does a 0x7e followed by the next frame's opening one; this frame is then just short
    if (end + 1 >= buf.length || buf[end + 1] === FLAG) return end;
    const next = buf.indexOf(FLAG, end + 1);
    if (next < 0) return -1;
    end = next;
  }
}

/**
 * A streaming deframer. Bytes outside a frame (vendor "$$" prefixes, line noise) are skipped.
 * A frame longer than `maxFrameBytes` (escaped) is dropped and reported, so the caller can close
 * the connection rather than buffer without bound.
 */
export function createDeframer(maxFrameBytes: number): Deframer {
  let buf: Uint8Array = EMPTY; // unconsumed bytes; when inside a frame, buf[0] is its opening byte
  let inFrame = false;
  return {
    get buffered() {
      return buf.length;
    },
    push(chunk) {
      const frames: RawFrame[] = [];
      let oversized = false;
      buf = appendBytes(buf, chunk);
      for (;;) {
        if (!inFrame) {
          let start = -1;
          for (let i = 0; i < buf.length; i++) {
            if (buf[i] === FLAG || buf[i] === TEXT_OPEN) {
              start = i;
              break;
            }
          }
          if (start < 0) {
            buf = EMPTY;
            break;
          }
          buf = buf.subarray(start);
          inFrame = true;
        }
        if (buf[0] === TEXT_OPEN) {
          const end = buf.indexOf(TEXT_CLOSE, 1);
          // a stray '(' must not swallow the binary frames that follow it
          const flag = buf.indexOf(FLAG, 1);
          if (flag >= 0 && (end < 0 || flag < end)) {
            buf = buf.subarray(flag);
            continue;
          }
          if (end < 0) break;
          if (end + 1 > maxFrameBytes) oversized = true;
          else frames.push({ kind: 'text', text: latin1.decode(buf.subarray(0, end + 1)) });
          buf = buf.subarray(end + 1);
          inFrame = false;
          continue;
        }
        if (buf.length > 1 && buf[1] === FLAG) {
          // "7e 7e": the first closed a frame we never saw the start of; resync on the second
          buf = buf.subarray(1);
          continue;
        }
        const end = findFrameEnd(buf, 1);
        if (end < 0) break;
        if (end + 1 > maxFrameBytes) oversized = true;
        else {
          const escaped = buf.slice(1, end);
          frames.push({ kind: 'binary', escaped, ...unescapeFrame(escaped) });
        }
        buf = buf.subarray(end + 1);
        inFrame = false;
      }
      if (buf.length > maxFrameBytes) {
        oversized = true;
        buf = EMPTY;
        inFrame = false;
      } else if (buf.length > 0 && buf.buffer.byteLength > buf.length * 4) {
        // keep a small tail without pinning the whole TCP chunk in memory
        buf = buf.slice();
      }
      return { frames, oversized };
    },
  };
}
