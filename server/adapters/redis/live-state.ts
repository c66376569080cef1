import type { Redis } from 'ioredis';
import { FLEETS, type Fix, type Fleet, type VehicleStatus } from '../../../contracts/domain.js';
import type { LiveStatePort } from '../../ports.js';
import { scriptPipeline, withScripts } from './scripts.js';

export interface RedisAdapterOptions {
  /** prepended to every key and channel, so deployments (and test runs) sharing a Redis stay apart */
  prefix?: string;
  /** quit the client on close(); leave false when the caller shares the client */
  ownsClient?: boolean;
}

/** fixes per EVALSHA: keeps each script run short so Redis stays responsive to other clients */
const CHUNK = 1000;
/** Redis GEO cannot index the poles (Web Mercator limit) */
const MAX_GEO_LAT = 85.05112878;
/** first search radius for `nearest`; most answers in a city lie inside it */
const NEAR_RADIUS_M = 10_000;
const EARTH_RADIUS_M = 20_037_000;

/** Redis keys of the live state under a prefix. */
export function liveKeys(prefix = 'cf:'): { pos: string; ts: string; status: string; geo: (fleet: Fleet) => string } {
  return {
    pos: `${prefix}live:pos`,
    ts: `${prefix}live:ts`,
    status: `${prefix}live:status`,
    geo: (fleet) => `${prefix}live:geo:${fleet}`,
  };
}

/**
 * Live state in Redis: newest fix per vehicle in a hash (newest-wins is decided inside Redis by a
 * Lua script, so concurrent writers cannot move a vehicle back in time), one GEO set per fleet for
 * `nearest`, statuses and loads in a hash. A batch of fixes costs one round trip.
 */
export function createRedisLiveState(
  redis: Redis,
  fleetOf: (vehicleId: string) => Fleet | undefined,
  opts: RedisAdapterOptions = {},
): LiveStatePort {
  const r = withScripts(redis);
  const k = liveKeys(opts.prefix);
  const geoKeys = FLEETS.map(k.geo);
  // KEYS[1] positions, KEYS[2] timestamps, KEYS[3..] one GEO set per fleet
  const geoIndex = new Map<Fleet, number>(FLEETS.map((f, i) => [f, i + 3]));
  const scriptKeys = [k.pos, k.ts, ...geoKeys];

  return {
    async writePositions(fixes) {
      if (!fixes.length) return;
      // only the newest fix of each vehicle matters; later in the batch wins a tie, like the memory adapter
      const newest = new Map<string, Fix>();
      for (const f of fixes) {
        const prev = newest.get(f.vehicleId);
        if (!prev || prev.ts <= f.ts) newest.set(f.vehicleId, f);
      }
      const pipe = scriptPipeline(r);
      let args: (string | number)[] = [];
      const flush = () => {
        pipe.cfWritePositions(scriptKeys.length, ...scriptKeys, ...args);
        args = [];
      };
      for (const f of newest.values()) {
        const fleet = fleetOf(f.vehicleId);
        const g = fleet && Math.abs(f.lat) <= MAX_GEO_LAT ? geoIndex.get(fleet)! : 0;
        args.push(f.vehicleId, f.ts, g, f.lon, f.lat, JSON.stringify(f));
        if (args.length >= CHUNK * 6) flush();
      }
      if (args.length) flush();
      const results = await pipe.exec();
      const failed = results?.find(([err]) => err);
      if (failed) throw failed[0];
    },

    async readPositions() {
      const values = await r.hvals(k.pos);
      return values.map((v) => JSON.parse(v) as Fix);
    },

    async writeStatus(vehicleId, status, load) {
      await r.hset(k.status, vehicleId, JSON.stringify({ status, load }));
    },

    async readStatus() {
      const all = await r.hgetall(k.status);
      return Object.entries(all).map(([vehicleId, v]) => {
        const s = JSON.parse(v) as { status: VehicleStatus; load: number };
        return { vehicleId, status: s.status, load: s.load };
      });
    },

    async nearest(fleet, lat, lon, count) {
      if (count <= 0 || !geoIndex.has(fleet)) return [];
      const key = k.geo(fleet);
      const search = async (radius: number) =>
        (await r.geosearch(key, 'FROMLONLAT', lon, lat, 'BYRADIUS', radius, 'm', 'ASC', 'COUNT', count, 'WITHDIST')) as [string, string][];
      // a small radius first: GEOSEARCH scans only the geohash boxes the radius touches
      let hits = await search(NEAR_RADIUS_M);
      if (hits.length < count) hits = await search(EARTH_RADIUS_M);
      return hits.map(([vehicleId, d]) => ({ vehicleId, distM: Number(d) }));
    },

    async close() {
      if (opts.ownsClient) await r.quit();
    },
  };
}
