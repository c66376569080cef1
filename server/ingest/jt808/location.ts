/** The JT/T 808 location block (0x0200 body, and each item of a 0x0704 batch) and its additional items. */
import { bcdToString, Reader, toHex } from './bytes.js';

export type AttrValue = number | string | boolean | number[];

export interface Jt808Location {
  alarmFlags: number;
  statusFlags: number;
  /** status bit 1: the terminal has a GNSS fix */
  fixed: boolean;
  /** WGS-84 degrees, signed with the south/west status bits */
  lat: number;
  lon: number;
  altitudeM: number;
  speedKmh: number;
  heading: number;
  /** UTC epoch ms; undefined when the BCD time is not a real date */
  time?: number;
  /** names of the alarm bits set, e.g. 'sos', 'overspeed' */
  alarms: string[];
  /** status bits and additional items, e.g. acc, odometerKm, fuelL, satellites, signal */
  attributes: Record<string, AttrValue>;
}

/** Alarm flag bits of JT/T 808-2013/2019 table 24, by bit number. */
const ALARM_BITS: Record<number, string> = {
  0: 'sos', 1: 'overspeed', 2: 'fatigueDriving', 3: 'dangerWarning', 4: 'gnssFault', 5: 'gnssAntennaCut',
  6: 'gnssAntennaShort', 7: 'lowPower', 8: 'powerCut', 9: 'displayFault', 10: 'ttsFault', 11: 'cameraFault',
  12: 'icCardFault', 13: 'overspeedWarning', 14: 'fatigueWarning', 18: 'drivingOvertime', 19: 'parkingOvertime',
  20: 'geofence', 21: 'route', 22: 'routeTime', 23: 'routeDeviation', 24: 'vssFault', 25: 'fuelAbnormal',
  26: 'stolen', 27: 'illegalIgnition', 28: 'illegalMovement', 29: 'collision', 30: 'rollover', 31: 'illegalDoorOpen',
};

export function alarmNames(flags: number): string[] {
  const out: string[] = [];
  for (let bit = 0; bit < 32; bit++) if (flags & (1 << bit) && ALARM_BITS[bit]) out.push(ALARM_BITS[bit]);
  return out;
}

/** BCD YYMMDDhhmmss at UTC+`tzOffsetMin` (GMT+8 by the standard) to UTC epoch ms. */
export function bcdTime(b: Uint8Array, tzOffsetMin: number): number | undefined {
  const s = bcdToString(b);
  if (!s || s.length !== 12) return undefined;
  const [yy, mo, dd, hh, mi, ss] = [0, 2, 4, 6, 8, 10].map((i) => Number(s.slice(i, i + 2)));
  if (mo < 1 || mo > 12 || dd < 1 || dd > 31 || hh > 23 || mi > 59 || ss > 59) return undefined;
  const local = Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss);
  // Date.UTC rolls 31 Feb over to March: reject dates that do not exist
  if (new Date(local).getUTCDate() !== dd) return undefined;
  return local - tzOffsetMin * 60_000;
}

export const LOCATION_BASIC_BYTES = 28;

/** Decodes one location block; reads the additional items up to `r.end`. Undefined when shorter than 28 bytes. */
export function readLocation(r: Reader, tzOffsetMin: number): Jt808Location | undefined {
  if (!r.has(LOCATION_BASIC_BYTES)) return undefined;
  const alarmFlags = r.u32();
  const statusFlags = r.u32();
  const latRaw = r.u32();
  const lonRaw = r.u32();
  const altitude = r.u16();
  const speed = r.u16();
  const heading = r.u16();
  const time = bcdTime(r.bytes(6), tzOffsetMin);
  const attributes: Record<string, AttrValue> = {
    acc: (statusFlags & 1) !== 0,
    // bits 8-9: 00 empty, 01 half, 11 full (the load of the vehicle, useful for collectors)
    ...(statusFlags & 0x300 ? { loadState: (statusFlags >> 8) & 3 } : {}),
    ...(statusFlags & (1 << 10) ? { fuelCut: true } : {}),
    ...(statusFlags & (1 << 12) ? { doorLocked: true } : {}),
  };
  const loc: Jt808Location = {
    alarmFlags,
    statusFlags,
    fixed: (statusFlags & 2) !== 0,
    lat: (statusFlags & 4 ? -latRaw : latRaw) / 1e6,
    lon: (statusFlags & 8 ? -lonRaw : lonRaw) / 1e6,
    // altitude is signed in the 2019 edition; a 16-bit value above 32767 m is a negative altitude
    altitudeM: altitude > 0x7fff ? altitude - 0x10000 : altitude,
    speedKmh: speed / 10,
    heading,
    time,
    alarms: alarmNames(alarmFlags),
    attributes,
  };
  readItems(r, loc);
  return loc;
}

/** Additional items: id (1 byte), length (1 byte), value. An item cut short ends the list. */
function readItems(r: Reader, loc: Jt808Location): void {
  const a = loc.attributes;
  while (r.has(2)) {
    const id = r.u8();
    const len = r.u8();
    if (!r.has(len)) {
      a.truncatedItem = id;
      r.pos = r.end;
      return;
    }
    const v = new Reader(r.bytes(len));
    switch (id) {
      case 0x01: if (len === 4) a.odometerKm = v.u32() / 10; break;
      case 0x02: if (len === 2) a.fuelL = v.u16() / 10; break;
      case 0x03: if (len === 2) a.recordSpeedKmh = v.u16() / 10; break;
      case 0x04: if (len === 2) a.alarmEventId = v.u16(); break;
      case 0x06: if (len === 2) a.cargoTempC = (v.u16() << 16) >> 16; break;
      case 0x25: if (len === 4) a.vehicleSignals = v.u32(); break;
      case 0x2a: if (len === 2) a.ioStatus = v.u16(); break;
      case 0x2b: if (len === 4) { a.adc1 = v.u16(); a.adc0 = v.u16(); } break; // AD1 is the high word
      case 0x30: if (len === 1) a.signal = v.u8(); break;
      case 0x31: if (len === 1) a.satellites = v.u8(); break;
      default: a[`item${id.toString(16).padStart(2, '0')}`] = toHex(v.buf);
    }
  }
}
