/**
 * Builds JT/T 808 frames straight from the specification, independently of the code under test:
 * header, body, XOR check code, 0x7d escapes and 0x7e delimiters.
 */

export interface FrameOpts {
  v2019?: boolean;
  /** corrupt the check code */
  badCheck?: boolean;
  /** declare this body length instead of the real one */
  declaredLength?: number;
  /** [total, index]: one packet of a split message */
  packet?: [number, number];
}

function bcd(digits: string, len: number): number[] {
  const d = digits.padStart(len * 2, '0');
  return Array.from({ length: len }, (_, i) => parseInt(d.slice(2 * i, 2 * i + 2), 16));
}

const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];

export function frame808(msgId: number, phone: string, serial: number, body: number[], o: FrameOpts = {}): Uint8Array {
  const props = ((o.declaredLength ?? body.length) & 0x3ff) | (o.v2019 ? 0x4000 : 0) | (o.packet ? 0x2000 : 0);
  const packet = o.packet ? [...u16(o.packet[0]), ...u16(o.packet[1])] : [];
  const raw = [...u16(msgId), ...u16(props), ...(o.v2019 ? [1] : []), ...bcd(phone, o.v2019 ? 10 : 6), ...u16(serial), ...packet, ...body];
  let x = 0;
  for (const b of raw) x ^= b;
  raw.push(o.badCheck ? x ^ 0xff : x);
  const out = [0x7e];
  for (const b of raw) {
    if (b === 0x7e) out.push(0x7d, 0x02);
    else if (b === 0x7d) out.push(0x7d, 0x01);
    else out.push(b);
  }
  out.push(0x7e);
  return Uint8Array.from(out);
}

export interface LocationSpec {
  lat: number;
  lon: number;
  altitudeM?: number;
  speedKmh?: number;
  heading?: number;
  /** YYMMDDhhmmss in GMT+8 */
  timeGmt8: string;
  alarm?: number;
  /** defaults to fixed (bit 1); south/west bits are added from the signs */
  status?: number;
  items?: [number, number[]][];
}

export function locationBody(l: LocationSpec): number[] {
  let status = l.status ?? 0x2;
  if (l.lat < 0) status |= 0x4;
  if (l.lon < 0) status |= 0x8;
  return [
    ...u32(l.alarm ?? 0),
    ...u32(status),
    ...u32(Math.round(Math.abs(l.lat) * 1e6)),
    ...u32(Math.round(Math.abs(l.lon) * 1e6)),
    ...u16(l.altitudeM ?? 0),
    ...u16(Math.round((l.speedKmh ?? 0) * 10)),
    ...u16(l.heading ?? 0),
    ...bcd(l.timeGmt8, 6),
    ...(l.items ?? []).flatMap(([id, v]) => [id, v.length, ...v]),
  ];
}

export function registerBody2013(plateAscii: string): number[] {
  const pad = (s: string, n: number) => [...Buffer.from(s, 'latin1'), ...Array(Math.max(0, n - s.length)).fill(0)].slice(0, n);
  return [...u16(44), ...u16(300), ...pad('70111', 5), ...pad('SWEEP-1', 20), ...pad('A1B2C3D', 7), 1, ...Buffer.from(plateAscii, 'latin1')];
}

export function asciiBody(s: string): number[] {
  return [...Buffer.from(s, 'latin1')];
}

export function batchBody(locs: LocationSpec[]): number[] {
  return [...u16(locs.length), 0, ...locs.flatMap((l) => {
    const b = locationBody(l);
    return [...u16(b.length), ...b];
  })];
}
