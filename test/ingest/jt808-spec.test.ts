/** JT/T 808 decoder and deframer on frames built from the specification (no shared data needed). */
import { describe, expect, it } from 'vitest';
import { decodeJt808Frame, type Jt808Message } from '../../server/ingest/jt808/decode.js';
import { createDeframer, type RawFrame } from '../../server/ingest/jt808/frame.js';
import { bcdTime } from '../../server/ingest/jt808/location.js';
import { batchBody, frame808, locationBody } from './jt808-builder.js';

const PHONE = '013912345678';

function unwrap(frames: RawFrame[]): Uint8Array[] {
  return frames.map((f) => {
    if (f.kind !== 'binary') throw new Error('expected a binary frame');
    return f.bytes;
  });
}

function decode(wire: Uint8Array, lenient = true): Jt808Message {
  const [bytes] = unwrap(createDeframer(4096).push(wire).frames);
  const d = decodeJt808Frame(bytes, { lenient });
  if (!d.ok) throw new Error(d.error);
  return d.message;
}

describe('JT/T 808 location report', () => {
  it('converts units, sign bits and GMT+8 BCD time', () => {
    const wire = frame808(0x0200, PHONE, 7, locationBody({ lat: -33.868812, lon: -151.209296, altitudeM: 58, speedKmh: 42.5, heading: 271, timeGmt8: '260315083000' }));
    const m = decode(wire);
    expect(m.header).toMatchObject({ msgId: 0x0200, terminalId: PHONE, serial: 7, version2019: false, bodyLength: 28 });
    expect(m.body.type).toBe('location');
    if (m.body.type !== 'location') return;
    const l = m.body.location;
    expect(l.lat).toBeCloseTo(-33.868812, 6);
    expect(l.lon).toBeCloseTo(-151.209296, 6);
    expect(l).toMatchObject({ altitudeM: 58, speedKmh: 42.5, heading: 271, fixed: true });
    expect(new Date(l.time!).toISOString()).toBe('2026-03-15T00:30:00.000Z');
  });

  it('reads the common additional items and names the alarm bits', () => {
    const items: [number, number[]][] = [
      [0x01, [0, 0, 0x30, 0x39]], // 12345 -> 1234.5 km
      [0x02, [0x01, 0xf4]], // 500 -> 50.0 L
      [0x03, [0, 0x64]], // 100 -> 10.0 km/h
      [0x25, [0, 0, 0, 0x11]],
      [0x2a, [0, 0x02]],
      [0x2b, [0, 0x0c, 0x01, 0x2c]], // AD1 12, AD0 300
      [0x30, [23]],
      [0x31, [11]],
      [0xe5, [0xab, 0xcd]],
    ];
    const wire = frame808(0x0200, PHONE, 1, locationBody({ lat: 22.6, lon: 114.1, timeGmt8: '260101120000', alarm: 0x1 | 0x2 | (1 << 29), status: 0x3 | (3 << 8), items }));
    const m = decode(wire);
    if (m.body.type !== 'location') throw new Error('not a location');
    const l = m.body.location;
    expect(l.alarms).toEqual(['sos', 'overspeed', 'collision']);
    expect(l.attributes).toMatchObject({
      acc: true, loadState: 3, odometerKm: 1234.5, fuelL: 50, recordSpeedKmh: 10, vehicleSignals: 0x11, ioStatus: 2,
      adc1: 12, adc0: 300, signal: 23, satellites: 11, iteme5: 'abcd',
    });
  });

  it('reads the 2019 header (version byte, 10-byte phone) and a 0x0704 batch', () => {
    const locs = [
      { lat: 22.5, lon: 114.0, timeGmt8: '260101120000' },
      { lat: 22.51, lon: 114.01, timeGmt8: '260101120010', status: 0 },
    ];
    const m = decode(frame808(0x0704, '13912345678', 300, batchBody(locs), { v2019: true }));
    expect(m.header).toMatchObject({ version2019: true, protocolVersion: 1, terminalId: '00000000013912345678', serial: 300 });
    if (m.body.type !== 'batch') throw new Error('not a batch');
    expect(m.body.locations.map((l) => [l.lat, l.fixed])).toEqual([[22.5, true], [22.51, false]]);
    expect(m.body.errors).toEqual([]);
  });

  it('reads a 0x0201 position-query answer as a location', () => {
    const m = decode(frame808(0x0201, PHONE, 4, [0x12, 0x34, ...locationBody({ lat: 22.6, lon: 114.1, timeGmt8: '260101120000' })]));
    expect(m.body.type === 'location' && [m.body.location.lat, m.body.location.lon]).toEqual([22.6, 114.1]);
  });

  it('is lenient about a wrong check code or body length by default, strict on request', () => {
    const bad = frame808(0x0200, PHONE, 1, locationBody({ lat: 22.6, lon: 114.1, timeGmt8: '260101120000' }), { badCheck: true, declaredLength: 40 });
    const m = decode(bad);
    expect(m.checksumOk).toBe(false);
    expect(m.lengthMismatch).toBe(true);
    expect(m.warnings).toHaveLength(2);
    const [bytes] = unwrap(createDeframer(4096).push(bad).frames);
    const strict = decodeJt808Frame(bytes, { lenient: false });
    expect(strict.ok).toBe(false);
    if (!strict.ok) expect(strict.error).toMatch(/check code/);
  });

  it('returns errors, never throws, for short or impossible input', () => {
    expect(decodeJt808Frame(new Uint8Array([0x02, 0x00, 0x00]))).toMatchObject({ ok: false, error: expect.stringMatching(/too short/) });
    const short = frame808(0x0200, PHONE, 1, [0, 0, 0, 1]);
    const [bytes] = unwrap(createDeframer(4096).push(short).frames);
    expect(decodeJt808Frame(bytes)).toMatchObject({ ok: false, error: expect.stringMatching(/location body too short/) });
    expect(bcdTime(Uint8Array.from([0x26, 0x02, 0x31, 0x12, 0, 0]), 480)).toBeUndefined(); // 31 Feb
    expect(bcdTime(Uint8Array.from([0x26, 0x0a, 0x01, 0x12, 0, 0]), 480)).toBeUndefined(); // not BCD
  });
});

describe('JT/T 808 deframer', () => {
  const a = frame808(0x0002, PHONE, 0x7e, []); // serial 0x007e is escaped on the wire
  const b = frame808(0x0200, PHONE, 0x7d, locationBody({ lat: 22.6, lon: 114.1, timeGmt8: '260101120000' }));

  it('cuts frames split across chunks, several per chunk, with junk between', () => {
    const wire = Uint8Array.from([0x24, 0x24, ...a, 0x0d, 0x0a, ...b, ...a]);
    const whole = unwrap(createDeframer(4096).push(wire).frames);
    expect(whole).toHaveLength(3);
    const d = createDeframer(4096);
    const bytewise: Uint8Array[] = [];
    for (const x of wire) bytewise.push(...unwrap(d.push(Uint8Array.of(x)).frames));
    expect(bytewise).toEqual(whole);
    expect(decodeJt808Frame(whole[0])).toMatchObject({ ok: true, message: { header: { serial: 0x7e } } });
    expect(decodeJt808Frame(whole[1])).toMatchObject({ ok: true, message: { header: { serial: 0x7d }, checksumOk: true } });
  });

  it('drops a frame over the cap, reports it, and holds no more than the cap', () => {
    const d = createDeframer(256);
    const r1 = d.push(Uint8Array.from([0x7e, ...new Array(200).fill(0x11)]));
    expect(r1.oversized).toBe(false);
    expect(d.buffered).toBe(201);
    const r2 = d.push(new Uint8Array(100).fill(0x22));
    expect(r2.oversized).toBe(true);
    expect(d.buffered).toBeLessThanOrEqual(256);
    // the stream recovers on the next frame
    expect(unwrap(d.push(a).frames)).toHaveLength(1);
  });

  it('passes text commands "(...)" through as text, and a stray "(" does not swallow frames', () => {
    const text = new TextEncoder().encode('(794104004140,1,001,BASE,2,TIME)');
    const fs = createDeframer(4096).push(Uint8Array.from([...text, 0x28, 0x31, ...a]));
    expect(fs.frames.map((f) => f.kind)).toEqual(['text', 'binary']);
  });
});
