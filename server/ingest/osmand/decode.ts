/**
 * OsmAnd / Traccar Client HTTP protocol, decoded without any HTTP framework: the query-string form
 * (GET or POST) and the JSON form (transistorsoft background-geolocation layout).
 */

export type OsmandAttr = string | number | boolean;

export interface OsmandPosition {
  deviceId: string;
  lat?: number;
  lon?: number;
  /** UTC epoch ms; undefined when the request carries no time (the server's time is used) */
  time?: number;
  speedKmh?: number;
  heading?: number;
  altitudeM?: number;
  accuracyM?: number;
  /** false when the client says the fix is not valid */
  valid: boolean;
  /** sweeper brushes down / collector working, from a `working` key */
  working?: boolean;
  attributes: Record<string, OsmandAttr>;
}

export type OsmandDecoded = { ok: true; positions: OsmandPosition[] } | { ok: false; error: string };

/** Traccar's convention: the query-string `speed` is in knots. */
export const KNOTS_TO_KMH = 1.852;
const MS_TO_KMH = 3.6;

/** Unix seconds, unix ms, ISO 8601 or "yyyy-MM-dd HH:mm:ss" (UTC) to epoch ms. */
export function parseOsmandTime(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? (Math.abs(v) < 1e11 ? v * 1000 : v) : undefined;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const s = v.trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) return parseOsmandTime(Number(s));
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return undefined;
  const t = Date.parse(`${m[1]}T${m[2]}${m[5] ?? 'Z'}`);
  return Number.isFinite(t) ? t : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined;
}

/** extra keys keep their type, as Traccar stores them: true/false, numbers, else text */
function attr(v: string): OsmandAttr {
  if (v === 'true' || v === 'false') return v === 'true';
  return num(v) ?? v;
}

const KNOWN = new Set(['id', 'deviceid', 'lat', 'lon', 'location', 'timestamp', 'speed', 'bearing', 'heading', 'altitude', 'accuracy', 'valid', 'working']);

/** The query-string form: `?id=..&lat=..&lon=..&timestamp=..&speed=..&bearing=..` (also as a form body). */
export function decodeOsmandQuery(q: URLSearchParams): OsmandDecoded {
  const deviceId = q.get('id') ?? q.get('deviceid');
  if (!deviceId) return { ok: false, error: 'missing device identifier: id or deviceid' };
  const p: OsmandPosition = { deviceId, valid: bool(q.get('valid')) ?? true, attributes: {} };
  const location = q.get('location');
  if (location) {
    const [la, lo] = location.split(',').map(num);
    p.lat = la;
    p.lon = lo;
  } else {
    p.lat = num(q.get('lat'));
    p.lon = num(q.get('lon'));
  }
  if ((q.has('lat') || q.has('lon') || location) && (p.lat === undefined || p.lon === undefined)) {
    return { ok: false, error: 'lat and lon must be numbers' };
  }
  if (q.has('timestamp')) {
    p.time = parseOsmandTime(q.get('timestamp'));
    if (p.time === undefined) return { ok: false, error: `timestamp "${q.get('timestamp')}" is not unix seconds, milliseconds or ISO 8601` };
  }
  const speed = num(q.get('speed'));
  if (speed !== undefined && speed >= 0) p.speedKmh = speed * KNOTS_TO_KMH;
  const heading = num(q.get('bearing') ?? q.get('heading'));
  if (heading !== undefined && heading >= 0) p.heading = heading % 360;
  p.altitudeM = num(q.get('altitude'));
  const acc = num(q.get('accuracy'));
  if (acc !== undefined && acc > 0) p.accuracyM = acc;
  p.working = bool(q.get('working'));
  for (const key of new Set(q.keys())) {
    if (KNOWN.has(key)) continue;
    const all = q.getAll(key);
    p.attributes[key] = all.length === 1 ? attr(all[0]) : all.join(';');
  }
  return { ok: true, positions: [clean(p)] };
}

/** The JSON form: `{ device_id, location: { timestamp, coords: {...}, battery, is_moving, extras } }`; location may be an array. */
export function decodeOsmandJson(body: unknown): OsmandDecoded {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { ok: false, error: 'JSON body must be an object' };
  const b = body as Record<string, unknown>;
  const rawId = b.device_id ?? b.deviceId ?? b.id;
  if ((typeof rawId !== 'string' && typeof rawId !== 'number') || String(rawId) === '') return { ok: false, error: 'missing device identifier: device_id' };
  const deviceId = String(rawId);
  const locs = Array.isArray(b.location) ? b.location : [b.location];
  const positions: OsmandPosition[] = [];
  for (const [i, l] of locs.entries()) {
    if (!l || typeof l !== 'object') return { ok: false, error: `location${locs.length > 1 ? `[${i}]` : ''} must be an object` };
    const p = decodeJsonLocation(deviceId, l as Record<string, unknown>);
    if (typeof p === 'string') return { ok: false, error: p };
    positions.push(p);
  }
  return { ok: true, positions };
}

function decodeJsonLocation(deviceId: string, l: Record<string, unknown>): OsmandPosition | string {
  const c = (l.coords ?? {}) as Record<string, unknown>;
  const p: OsmandPosition = { deviceId, valid: true, attributes: {}, lat: num(c.latitude), lon: num(c.longitude) };
  if (p.lat === undefined || p.lon === undefined) return 'location.coords.latitude and longitude must be numbers';
  if (l.timestamp !== undefined) {
    p.time = parseOsmandTime(l.timestamp);
    if (p.time === undefined) return `location.timestamp "${String(l.timestamp)}" is not a time`;
  }
  // the JSON form follows the browser Geolocation API: speed in m/s, -1 when unknown
  const speed = num(c.speed);
  if (speed !== undefined && speed >= 0) p.speedKmh = speed * MS_TO_KMH;
  const heading = num(c.heading);
  if (heading !== undefined && heading >= 0) p.heading = heading % 360;
  p.altitudeM = num(c.altitude);
  const acc = num(c.accuracy);
  if (acc !== undefined && acc > 0) p.accuracyM = acc;
  const battery = (l.battery ?? {}) as Record<string, unknown>;
  const level = num(battery.level);
  if (level !== undefined && level >= 0) p.attributes.batteryLevel = Math.round(level * 100);
  if (typeof battery.is_charging === 'boolean') p.attributes.charge = battery.is_charging;
  if (typeof l.is_moving === 'boolean') p.attributes.motion = l.is_moving;
  const odometer = num(l.odometer);
  if (odometer !== undefined) p.attributes.odometerM = odometer;
  if (typeof l.event === 'string') p.attributes.event = l.event;
  if (l.mock === true) p.attributes.mock = true;
  const activity = l.activity as Record<string, unknown> | undefined;
  if (activity && typeof activity.type === 'string') p.attributes.activity = activity.type;
  const extras = l.extras;
  if (extras && typeof extras === 'object' && !Array.isArray(extras)) {
    for (const [k, v] of Object.entries(extras)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') p.attributes[k] = v;
    }
    const w = (extras as Record<string, unknown>).working;
    if (typeof w === 'boolean') p.working = w;
  }
  return clean(p);
}

/** drops undefined keys so JSON output and equality checks stay tidy */
function clean(p: OsmandPosition): OsmandPosition {
  for (const k of Object.keys(p) as (keyof OsmandPosition)[]) if (p[k] === undefined) delete p[k];
  return p;
}
