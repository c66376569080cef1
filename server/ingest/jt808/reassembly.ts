/**
 * Reassembles JT/T 808 messages split over several packets (body properties bit 13: each packet
 * carries the total and its 1-based index). Bounded: a connection holds at most a few messages
 * in progress and a capped number of bytes, so a terminal cannot make the server buffer without limit.
 */
import { fromHex } from './bytes.js';
import { decodeJt808Body, type DecodeOptions, type Jt808Message } from './decode.js';

const MAX_IN_PROGRESS = 4;
const MAX_BYTES = 64 * 1024;

interface Partial {
  total: number;
  parts: (Uint8Array | undefined)[];
  received: number;
  bytes: number;
}

export interface Reassembler {
  /** Adds a fragment; returns the whole message once its last missing packet arrives, an error string when it cannot be decoded. */
  add(m: Jt808Message): Jt808Message | string | undefined;
}

export function createReassembler(opts: DecodeOptions): Reassembler {
  const inProgress = new Map<string, Partial>();
  return {
    add(m) {
      if (m.body.type !== 'fragment') return undefined;
      const { total, index, bodyHex } = m.body;
      if (index < 1 || index > total) return `packet index ${index} outside 1..${total}`;
      // the packets of one message carry consecutive serials: the first one's serial names the message
      const first = (m.header.serial - (index - 1)) & 0xffff;
      const key = `${m.header.terminalId}:${m.header.msgId}:${first}`;
      let p = inProgress.get(key);
      if (!p || p.total !== total) {
        if (!p && inProgress.size >= MAX_IN_PROGRESS) inProgress.delete(inProgress.keys().next().value!);
        p = { total, parts: new Array(total).fill(undefined), received: 0, bytes: 0 };
        inProgress.set(key, p);
      }
      const part = fromHex(bodyHex) ?? new Uint8Array(0);
      if (!p.parts[index - 1]) p.received++;
      else p.bytes -= p.parts[index - 1]!.length; // a resent packet replaces the first copy
      p.parts[index - 1] = part;
      p.bytes += part.length;
      if (p.bytes > MAX_BYTES) {
        inProgress.delete(key);
        return `reassembled message over ${MAX_BYTES} bytes dropped`;
      }
      if (p.received < total) return undefined;
      inProgress.delete(key);
      const body = new Uint8Array(p.bytes);
      let at = 0;
      for (const x of p.parts) {
        body.set(x!, at);
        at += x!.length;
      }
      const header = { ...m.header, subpackage: false, bodyLength: body.length };
      const warnings = [...m.warnings];
      const decoded = decodeJt808Body(header, body, opts, warnings);
      if (typeof decoded === 'string') return decoded;
      return { ...m, header, body: decoded, warnings };
    },
  };
}
