/** JT/T 808 decoder on packets captured from real devices (Traccar) and fully asserted vectors (SmallChi). */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../server/ingest/jt808/bytes.js';
import { decodeJt808, type Jt808Message } from '../../server/ingest/jt808/decode.js';
import { encodeGeneralReply, encodeJt808Frame } from '../../server/ingest/jt808/encode.js';
import { createDeframer, type BinaryFrame } from '../../server/ingest/jt808/frame.js';
import type { Jt808Location } from '../../server/ingest/jt808/location.js';
import { loadVectors, protocolsPresent, type Vector } from './data-dir.js';

const present = protocolsPresent();

function frames(hex: string) {
  return createDeframer(4096).push(fromHex(hex)!).frames;
}

function decodeOne(hex: string): Jt808Message {
  const fs = frames(hex);
  expect(fs).toHaveLength(1);
  expect(fs[0].kind).toBe('binary');
  const d = decodeJt808(fs[0] as BinaryFrame);
  if (!d.ok) throw new Error(d.error);
  return d.message;
}

function locations(m: Jt808Message): Jt808Location[] {
  return m.body.type === 'location' ? [m.body.location] : m.body.type === 'batch' ? m.body.locations : [];
}

/** "YYMMDDhhmmss" or "YYYY-MM-DD hh:mm:ss" in GMT+8 -> UTC ms, computed independently of the decoder */
function gmt8(s: string): number {
  const d = s.replace(/\D/g, '');
  const full = d.length === 12 ? '20' + d : d;
  const n = (i: number, l: number) => Number(full.slice(i, i + l));
  return Date.UTC(n(0, 4), n(4, 2) - 1, n(6, 2), n(8, 2), n(10, 2), n(12, 2)) - 8 * 3600_000;
}

describe.skipIf(!present)('JT/T 808 real-device packets (Traccar test vectors)', () => {
  const vectors = present ? loadVectors('jt808/traccar-jt808-decoder.json') : [];

  it('has the vectors', () => expect(vectors.length).toBeGreaterThan(50));

  it('decodes every header as the independent cross-check does', () => {
    let checked = 0;
    for (const v of vectors.filter((x) => x.hex && x.crosscheck_decoded)) {
      const c = v.crosscheck_decoded!;
      const m = decodeOne(v.hex!);
      const ctx = `${v.id}`;
      expect(m.header.msgId, ctx).toBe(parseInt(c.msg_id, 16));
      expect(m.header.terminalId, ctx).toBe(c.terminal_phone_bcd);
      expect(m.header.serial, ctx).toBe(c.serial);
      expect(m.header.version2019, ctx).toBe(c.header_version === '2019');
      const noEscapes = m.warnings.some((w) => w.includes('escapes not used'));
      // jt808-107 does not escape 0x7d: read as sent, its check code and length are right
      if (!noEscapes) {
        expect(m.checksumOk, ctx).toBe(c.checksum_ok);
        expect(m.lengthMismatch, ctx).toBe(!c.body_length_matches);
      }
      checked++;
    }
    expect(checked).toBe(56);
  });

  it('decodes the basic location block as the cross-check does (sign bits, units, GMT+8)', () => {
    let checked = 0;
    for (const v of vectors.filter((x) => x.hex && x.crosscheck_decoded?.location)) {
      const c = v.crosscheck_decoded!.location;
      const m = decodeOne(v.hex!);
      if (m.warnings.some((w) => w.includes('escapes not used'))) continue;
      const l = locations(m)[0];
      expect(l.lat, v.id).toBeCloseTo(c.lat, 6);
      expect(l.lon, v.id).toBeCloseTo(c.lon, 6);
      expect(l.altitudeM, v.id).toBe(c.altitude_m);
      expect(l.speedKmh, v.id).toBeCloseTo(c.speed_kmh, 6);
      expect(l.heading, v.id).toBe(c.direction_deg);
      expect(l.fixed, v.id).toBe(c.fixed);
      expect(l.attributes.acc, v.id).toBe(c.acc_on);
      expect(l.time, v.id).toBe(gmt8(c.time_bcd_gmt8));
      checked++;
    }
    expect(checked).toBe(35); // all 36 but jt808-107 (read as sent, see below)
  });

  it('gives a position wherever Traccar expects one, and none for register/auth/heartbeat', () => {
    for (const v of vectors.filter((x) => x.hex)) {
      const m = decodeOne(v.hex!);
      if (v.check === 'verifyNull') {
        expect(['register', 'auth', 'heartbeat'], v.id).toContain(m.body.type);
        expect(locations(m), v.id).toHaveLength(0);
      }
      // 0x0200/0x0704 are ours; vendor messages (0x0900, 0x5501, 0x0210...) we only acknowledge
      if (v.check === 'verifyPositions' && m.header.msgId === 0x0704) expect(locations(m).length, v.id).toBeGreaterThan(1);
      if (v.check === 'verifyPosition' && m.header.msgId === 0x0200) expect(locations(m)[0].time, v.id).toBeGreaterThan(Date.UTC(2000, 0, 1));
    }
  });

  it('matches the standard attributes Traccar asserts, and reads a terminal that never escapes', () => {
    const sat = vectors.find((v) => v.attribute_key === 'sat')!;
    expect(locations(decodeOne(sat.hex!))[0].attributes.satellites).toBe(sat.value);
    const l = locations(decodeOne(vectors.find((v) => v.id === 'jt808-107')!.hex!))[0];
    // read as sent, the position is in Shenzhen rather than off the map
    expect(l.lat).toBeCloseTo(22.576385, 6);
    expect(l.lon).toBeCloseTo(114.032486, 6);
  });

  it('reads registration (2013 and 2019 bodies) and authentication', () => {
    const reg = decodeOne(vectors.find((v) => v.id === 'jt808-085')!.hex!);
    expect(reg.body).toMatchObject({ type: 'register', model: 'HB-R03GBD', deviceId: '2366104', plateColor: 2 });
    const reg19 = decodeOne(vectors.find((v) => v.id === 'jt808-005')!.hex!);
    expect(reg19.header.protocolVersion).toBe(1);
    expect(reg19.body).toMatchObject({ type: 'register', model: 'MD300', deviceId: '866496077582164' });
    expect(decodeOne(vectors.find((v) => v.id === 'jt808-087')!.hex!).body).toEqual({ type: 'auth', code: 'authentication' });
  });

  it('cuts frames from vendors that leave 0x7e unescaped inside the body by their declared length', () => {
    for (const id of ['jt808-019', 'jt808-109']) {
      const m = decodeOne(vectors.find((v) => v.id === id)!.hex!);
      expect(m.lengthMismatch, id).toBe(false);
      expect(m.body.type, id).toBe('location');
    }
  });
});

describe.skipIf(!present)('JT/T 808 fully asserted vectors (SmallChi)', () => {
  const vectors: Vector[] = present ? loadVectors('jt808/smallchi-jt808.json') : [];
  const byId = (id: string) => vectors.find((v) => v.id === id)!;

  function expectLocation(l: Jt808Location, e: Record<string, any>) {
    expect(Math.round(l.lat * 1e6)).toBe(e.lat_raw);
    expect(Math.round(l.lon * 1e6)).toBe(e.lng_raw);
    expect(Math.round(l.speedKmh * 10)).toBe(e['speed_raw_0.1kmh']);
    expect(l.alarmFlags).toBe(e.alarm_flag);
    expect(l.statusFlags).toBe(e.status_flag);
    expect(l.time).toBe(gmt8(e.gps_time_gmt8));
    expect(l.attributes.odometerKm).toBeCloseTo(e['attach_0x01_mileage_0.1km'] / 10, 6);
    expect(l.attributes.fuelL).toBeCloseTo(e['attach_0x02_oil_0.1L'] / 10, 6);
    if (e.direction !== undefined) expect(l.heading).toBe(e.direction);
    if (e.altitude_m !== undefined) expect(l.altitudeM).toBe(e.altitude_m);
  }

  it('decodes 0x0200, plain and escaped', () => {
    for (const id of ['smallchi-0200-a', 'smallchi-0200-escaped']) {
      const v = byId(id);
      const m = decodeOne(v.hex!);
      expect(m.header.serial).toBe(v.expected!.serial);
      expect(m.header.terminalId.replace(/^0+/, '')).toBe(v.expected!.terminal_phone);
      expect(m.checksumOk).toBe(true);
      expectLocation(locations(m)[0], v.expected!);
    }
  });

  it('decodes a 0x0704 batch of two', () => {
    const v = byId('smallchi-0704-batch');
    const m = decodeOne(v.hex!);
    expect(m.body).toMatchObject({ type: 'batch', locationType: v.expected!.location_type });
    const ls = locations(m);
    expect(ls).toHaveLength(v.expected!.count);
    ls.forEach((l, i) => expectLocation(l, v.expected!.positions[i]));
  });

  it('decodes 0x0100 registration in its 2011, 2013 and 2019 forms', () => {
    for (const id of ['smallchi-0100-2011', 'smallchi-0100-2013', 'smallchi-0100-2019']) {
      const e = byId(id).expected!;
      const m = decodeOne(byId(id).hex!);
      expect(m.header.version2019, id).toBe(e.version_flag === true);
      expect(m.body, id).toEqual({
        type: 'register', provinceId: e.province_id, cityId: e.city_id, makerId: e.maker_id, model: e.terminal_model,
        deviceId: e.terminal_id, plateColor: e.plate_color, plate: e.plate_no_gbk,
      });
    }
  });

  it('decodes auth and heartbeats (one with an escaped check code)', () => {
    expect(decodeOne(byId('smallchi-0102-auth').hex!).body).toEqual({ type: 'auth', code: '456121111' });
    for (const id of ['smallchi-0002-heartbeat', 'smallchi-0002-heartbeat-escaped-checksum']) {
      const m = decodeOne(byId(id).hex!);
      expect(m.body.type).toBe('heartbeat');
      expect(m.checksumOk).toBe(true);
      expect(m.header.serial).toBe(byId(id).expected!.serial);
    }
  });

  it('encodes the 0x8001 general reply byte for byte', () => {
    const v = byId('smallchi-8001-general-response');
    const out = encodeGeneralReply({ terminalId: '012345678900', version2019: false }, 10, 100, 0x0200, 0);
    expect(toHex(out)).toBe(v.hex);
  });
});

describe.skipIf(!present)('JT/T 808 framing and downlink frames (Traccar)', () => {
  const vectors = present ? loadVectors('jt808/traccar-jt808-frame-encoder.json') : [];

  it('deframes escaped input (also after a "$$" prefix) to the expected frames', () => {
    for (const v of vectors.filter((x) => x.input_hex)) {
      const fs = frames(v.input_hex!);
      expect(fs, v.id).toHaveLength(1);
      const f = fs[0];
      const got = f.kind === 'binary' ? '7e' + toHex(f.bytes) + '7e' : toHex(new TextEncoder().encode(f.text));
      expect(got, v.id).toBe(v.expected_frame_hex);
    }
  });

  it('encodes downlink frames byte for byte (header, check code, escapes)', () => {
    const to = { terminalId: '0b3a73ce2ff2', version2019: false };
    for (const v of vectors.filter((x) => !x.input_hex)) {
      const raw = fromHex(v.expected_frame_hex!)!;
      const msgId = (raw[1] << 8) | raw[2];
      const body = raw.subarray(13, raw.length - 2);
      expect(toHex(encodeJt808Frame(msgId, to, 0, body)), v.id).toBe(v.expected_frame_hex);
    }
  });
});
