import type { Fix } from '../../contracts/domain.js';

export interface FixRules {
  now: number;
  maxFutureMs: number;
  /** [minLat, minLon, maxLat, maxLon] of the service area; fixes far outside it are impossible for this fleet */
  area: [number, number, number, number];
  /** how far outside the area still counts (degrees, ~0.5 = 50 km) */
  marginDeg: number;
  isKnownVehicle(id: string): boolean;
}

const EPOCH_2000 = 946_684_800_000;

/** Parses epoch ms (number or numeric string) or ISO 8601; NaN when neither. */
export function parseTs(ts: unknown): number {
  if (typeof ts === 'number') return ts;
  if (typeof ts !== 'string' || ts.length === 0) return NaN;
  if (/^\d+$/.test(ts)) return Number(ts);
  // ISO 8601 only: Date.parse also accepts free text, which a device should not send
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(ts)) return NaN;
  return Date.parse(ts);
}

/**
 * The one sanity check every position passes, whatever protocol it came in on. Returns the
 * normalised fix, or the reason it is rejected.
 */
export function validateFix(input: unknown, rules: FixRules): Fix | string {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return 'not an object';
  const p = input as Record<string, unknown>;
  const vehicleId = p.vehicleId;
  if (typeof vehicleId !== 'string' || vehicleId.length === 0 || vehicleId.length > 64) return 'vehicleId must be a non-empty string';
  if (!rules.isKnownVehicle(vehicleId)) return `unknown vehicle ${vehicleId}`;
  const { lat, lon } = p;
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90) return 'lat must be a number in [-90, 90]';
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180) return 'lon must be a number in [-180, 180]';
  if (lat === 0 && lon === 0) return 'position 0,0 (no GPS fix)';
  const [a, b, c, d] = rules.area;
  const m = rules.marginDeg;
  if (lat < a - m || lat > c + m || lon < b - m || lon > d + m) return 'position far outside the service area';
  const ts = parseTs(p.ts);
  if (!Number.isFinite(ts)) return 'ts must be epoch milliseconds or an ISO 8601 time';
  if (ts < EPOCH_2000) return 'ts before 2000 (seconds instead of milliseconds?)';
  if (ts > rules.now + rules.maxFutureMs) return `ts ${Math.round((ts - rules.now) / 1000)} s in the future`;
  const fix: Fix = { vehicleId, lat, lon, ts };
  if (p.speedKmh !== undefined) {
    if (typeof p.speedKmh !== 'number' || !(p.speedKmh >= 0 && p.speedKmh <= 250)) return 'speedKmh must be a number in [0, 250]';
    fix.speedKmh = p.speedKmh;
  }
  if (p.heading !== undefined) {
    if (typeof p.heading !== 'number' || !(p.heading >= 0 && p.heading <= 360)) return 'heading must be a number in [0, 360]';
    fix.heading = p.heading;
  }
  if (p.working !== undefined) {
    if (typeof p.working !== 'boolean') return 'working must be a boolean';
    fix.working = p.working;
  }
  return fix;
}
