/** What the decode command prints: one JSON shape for every protocol. */
import { fromHex } from '../ingest/jt808/bytes.js';
import { decodeJt808, type Jt808Message } from '../ingest/jt808/decode.js';
import { createDeframer } from '../ingest/jt808/frame.js';
import type { Jt808Location } from '../ingest/jt808/location.js';
import { decodeOsmandJson, decodeOsmandQuery, type OsmandPosition } from '../ingest/osmand/decode.js';
import { decodeGt06Stream, type Gt06Message } from '../ingest/gt06/decode.js';

export type Protocol = 'jt808' | 'gt06' | 'osmand';

export interface PositionOut {
  lat?: number;
  lon?: number;
  /** ISO 8601 UTC */
  time?: string;
  valid: boolean;
  speedKmh?: number;
  heading?: number;
  altitude?: number;
  attributes: Record<string, unknown>;
}

export interface MessageOut {
  id: string;
  type: string;
  terminalId?: string;
  serial?: number;
  positions: PositionOut[];
  [extra: string]: unknown;
}

export interface DecodeOut {
  ok: boolean;
  protocol: Protocol;
  messages: MessageOut[];
  errors: string[];
}

const iso = (t?: number) => (t === undefined ? undefined : new Date(t).toISOString());
const hexId = (n: number, digits = 4) => '0x' + n.toString(16).padStart(digits, '0');

function jt808Position(l: Jt808Location): PositionOut {
  return {
    lat: l.lat, lon: l.lon, time: iso(l.time), valid: l.fixed, speedKmh: l.speedKmh, heading: l.heading, altitude: l.altitudeM,
    attributes: { ...(l.alarms.length ? { alarm: l.alarms.join(',') } : {}), alarmFlags: l.alarmFlags, statusFlags: l.statusFlags, ...l.attributes },
  };
}

function jt808Message(m: Jt808Message): MessageOut {
  const b = m.body;
  const positions = b.type === 'location' ? [jt808Position(b.location)] : b.type === 'batch' ? b.locations.map(jt808Position) : [];
  const { type: _t, ...fields } = b as Record<string, unknown>;
  delete fields.location;
  delete fields.locations;
  return {
    id: hexId(m.header.msgId), type: b.type, terminalId: m.header.terminalId, serial: m.header.serial,
    version: m.header.version2019 ? `2019 (v${m.header.protocolVersion})` : '2011/2013',
    checksumOk: m.checksumOk, warnings: m.warnings, ...fields, positions,
  };
}

function decodeJt808Input(input: string, opts: { tzOffsetMin: number; lenient: boolean }): DecodeOut {
  const out: DecodeOut = { ok: true, protocol: 'jt808', messages: [], errors: [] };
  let bytes = fromHex(input);
  if (!bytes) return { ...out, ok: false, errors: ['input is not hex'] };
  if (bytes[0] !== 0x7e && bytes[0] !== 0x28) bytes = Uint8Array.from([0x7e, ...bytes, 0x7e]);
  const { frames } = createDeframer(1 << 20).push(bytes);
  if (frames.length === 0) out.errors.push('no complete 0x7e ... 0x7e frame');
  for (const f of frames) {
    if (f.kind === 'text') {
      out.messages.push({ id: 'text', type: 'text', text: f.text, positions: [] });
      continue;
    }
    const d = decodeJt808(f, opts);
    if (d.ok) out.messages.push(jt808Message(d.message));
    else out.errors.push(d.header ? `${hexId(d.header.msgId)} from ${d.header.terminalId}: ${d.error}` : d.error);
  }
  out.ok = out.errors.length === 0;
  return out;
}

function osmandPosition(p: OsmandPosition): PositionOut {
  return { lat: p.lat, lon: p.lon, time: iso(p.time), valid: p.valid, speedKmh: p.speedKmh, heading: p.heading, altitude: p.altitudeM, attributes: { ...(p.accuracyM !== undefined ? { accuracy: p.accuracyM } : {}), ...(p.working !== undefined ? { working: p.working } : {}), ...p.attributes } };
}

function decodeOsmandInput(input: string): DecodeOut {
  let d;
  if (input.startsWith('{')) {
    try {
      d = decodeOsmandJson(JSON.parse(input));
    } catch (err) {
      return { ok: false, protocol: 'osmand', messages: [], errors: [`JSON body does not parse: ${(err as Error).message}`] };
    }
  } else {
    const path = input.replace(/^(GET|POST)\s+/i, '');
    d = decodeOsmandQuery(new URL(path.includes('?') || path.startsWith('/') ? path : '/?' + path, 'http://localhost').searchParams);
  }
  if (!d.ok) return { ok: false, protocol: 'osmand', messages: [], errors: [d.error] };
  return { ok: true, protocol: 'osmand', errors: [], messages: d.positions.map((p) => ({ id: 'position', type: 'location', terminalId: p.deviceId, positions: [osmandPosition(p)] })) };
}

function gt06Message(m: Gt06Message): MessageOut {
  const { type, protocolNumber, serial, position, ...fields } = m;
  const positions: PositionOut[] = position
    ? [{ lat: position.lat, lon: position.lon, time: iso(position.time), valid: position.valid, speedKmh: position.speedKmh, heading: position.heading, attributes: position.attributes }]
    : [];
  return { id: hexId(protocolNumber, 2), type, serial, ...fields, positions };
}

function decodeGt06Input(input: string, tzOffsetMin: number): DecodeOut {
  const bytes = fromHex(input);
  if (!bytes) return { ok: false, protocol: 'gt06', messages: [], errors: ['input is not hex'] };
  const r = decodeGt06Stream(bytes, { tzOffsetMin });
  return { ok: r.errors.length === 0 && r.messages.length > 0, protocol: 'gt06', messages: r.messages.map(gt06Message), errors: r.errors };
}

/** Decodes one input of the given protocol into the printable shape; terminal clocks default to GMT+8 (JT/T 808) and UTC (GT06). */
export function decodeAny(protocol: Protocol, input: string, opts: { tzOffsetMin?: number; lenient: boolean }): DecodeOut {
  if (protocol === 'jt808') return decodeJt808Input(input, { tzOffsetMin: opts.tzOffsetMin ?? 480, lenient: opts.lenient });
  if (protocol === 'gt06') return decodeGt06Input(input, opts.tzOffsetMin ?? 0);
  return decodeOsmandInput(input);
}

