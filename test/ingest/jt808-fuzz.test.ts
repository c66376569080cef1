/** Seeded fuzzing: mutated, truncated and re-chunked frames never escape the connection handler. */
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../optimizer/util/rng.js';
import { decodeJt808Frame } from '../../server/ingest/jt808/decode.js';
import { createJt808Session, emptyStats } from '../../server/ingest/jt808/session.js';
import { asciiBody, batchBody, frame808, locationBody, registerBody2013 } from './jt808-builder.js';

const PHONE = '013912345678';
const CAP = 512;

function seeds(): Uint8Array[] {
  const loc = { lat: 22.6, lon: 114.05, timeGmt8: '260315083000', items: [[0x01, [0, 0, 1, 2]], [0x31, [9]], [0x7e, [0x7d, 0x7e]]] as [number, number[]][] };
  return [
    frame808(0x0100, PHONE, 1, registerBody2013('A12345')),
    frame808(0x0102, PHONE, 2, asciiBody('code-5678')),
    frame808(0x0200, PHONE, 3, locationBody(loc)),
    frame808(0x0704, PHONE, 4, batchBody([loc, loc, loc]), { v2019: true }),
    frame808(0x0002, PHONE, 0x7e7d, []),
    // a batch split over two packets, so reassembly gets mutated input too
    frame808(0x0704, PHONE, 30, batchBody([loc, loc]).slice(0, 50), { packet: [2, 1] }),
    frame808(0x0704, PHONE, 31, batchBody([loc, loc]).slice(50), { packet: [2, 2] }),
  ];
}

function mutate(rng: Rng, f: Uint8Array): Uint8Array {
  const b = [...f];
  switch (rng.int(6)) {
    case 0: // flip bytes
      for (let k = 0, n = 1 + rng.int(4); k < n; k++) b[rng.int(b.length)] = rng.int(256);
      break;
    case 1: // truncate
      b.length = rng.int(b.length);
      break;
    case 2: // drop the closing flag
      b.pop();
      break;
    case 3: // random escapes and flags inside
      for (let k = 0, n = 1 + rng.int(3); k < n; k++) b.splice(rng.int(b.length), 0, rng.pick([0x7d, 0x7e, 0x28, 0x29]));
      break;
    case 4: // random garbage
      return Uint8Array.from({ length: rng.int(300) }, () => rng.int(256));
    default: // a long run without a closing flag
      return Uint8Array.from([0x7e, ...Array.from({ length: CAP + rng.int(400) }, () => rng.int(0x7d))]);
  }
  return Uint8Array.from(b);
}

describe('JT/T 808 fuzz (seeded)', () => {
  it('the decoder returns a result for any bytes and never throws', () => {
    const rng = createRng(808);
    const ids = [0x0200, 0x0704, 0x0100, 0x0102, 0x0001, 0x8001, 0x0002, 0x0900];
    let threw = 0;
    let decoded = 0;
    for (let i = 0; i < 20_000; i++) {
      const bytes = Uint8Array.from({ length: rng.int(120) }, () => rng.int(256));
      // a plausible message id half of the time, so the body decoders get exercised too
      if (bytes.length > 2 && rng.next() < 0.5) {
        const id = rng.pick(ids);
        bytes[0] = id >> 8;
        bytes[1] = id & 0xff;
      }
      for (const lenient of [true, false]) {
        try {
          if (decodeJt808Frame(bytes, { lenient }).ok) decoded++;
        } catch {
          threw++;
        }
      }
    }
    expect(threw).toBe(0);
    expect(decoded).toBeGreaterThan(1000);
  });

  it('the connection handler survives mutated streams, keeps its buffer under the cap, and still serves good frames', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rng = createRng(seed);
      const stats = emptyStats();
      let closedBy = '';
      let replies = 0;
      const ingest = { ingest: async (xs: readonly unknown[]) => ({ accepted: xs.length, rejected: [] }) };
      const session = createJt808Session(
        { ingest, resolveVehicle: (id) => (id === PHONE ? 'SW-01' : undefined), authCode: () => 'code-5678', maxFrameBytes: CAP, requireAuth: false },
        stats,
        { send: () => void replies++, close: (r) => void (closedBy = r) },
      );
      const good = seeds();
      const stream: number[] = [];
      for (let k = 0; k < 60; k++) {
        const f = rng.pick(good);
        stream.push(...(rng.next() < 0.5 ? f : mutate(rng, f)));
      }
      let at = 0;
      while (at < stream.length && !closedBy) {
        const n = 1 + rng.int(64);
        expect(() => session.onData(Uint8Array.from(stream.slice(at, at + n)))).not.toThrow();
        expect(session.buffered).toBeLessThanOrEqual(CAP);
        at += n;
      }
      await session.idle();
      expect(stats.handlerErrors, `seed ${seed}`).toBe(0);
      // a connection is only ever closed for an oversized frame
      if (closedBy) expect(closedBy).toMatch(/maxFrameBytes/);
      else expect(replies, `seed ${seed}`).toBeGreaterThan(0);
    }
  });
});
