import type { ChainableCommander, Redis } from 'ioredis';

/**
 * Lua scripts, registered with ioredis `defineCommand` so they run by EVALSHA (and are loaded
 * again transparently after a server restart), inside pipelines too.
 */

/**
 * Newest-wins position write. KEYS: positions hash, timestamps hash, one GEO set per fleet.
 * ARGV: groups of 6 (vehicleId, ts, geo key index or 0, lon, lat, fix JSON), at most 1,000
 * groups (Lua's unpack limit). The timestamp comparison runs inside Redis so two processes writing
 * the same vehicle cannot move it back in time; one HMGET, two HSETs and a GEOADD per fleet keep
 * the script's own command count constant instead of four commands per fix.
 */
const WRITE_POSITIONS = `
local n = #ARGV / 6
local ids = {}
for i = 1, n do ids[i] = ARGV[(i - 1) * 6 + 1] end
local prev = redis.call('HMGET', KEYS[2], unpack(ids))
local pos, ts, geo = {}, {}, {}
for i = 1, n do
  local b = (i - 1) * 6
  if (not prev[i]) or tonumber(prev[i]) <= tonumber(ARGV[b + 2]) then
    pos[#pos + 1] = ARGV[b + 1]
    pos[#pos + 1] = ARGV[b + 6]
    ts[#ts + 1] = ARGV[b + 1]
    ts[#ts + 1] = ARGV[b + 2]
    local g = tonumber(ARGV[b + 3])
    if g > 0 then
      local t = geo[g]
      if not t then t = {}; geo[g] = t end
      t[#t + 1] = ARGV[b + 4]
      t[#t + 1] = ARGV[b + 5]
      t[#t + 1] = ARGV[b + 1]
    end
  end
end
if #pos > 0 then
  redis.call('HSET', KEYS[1], unpack(pos))
  redis.call('HSET', KEYS[2], unpack(ts))
end
for g, t in pairs(geo) do redis.call('GEOADD', KEYS[g], unpack(t)) end
return #pos / 2
`;

/** Takes the lease when free, or extends it when this token already holds it. KEYS[1] lease; ARGV token, ttl ms. */
const LEASE_ACQUIRE = `
local cur = redis.call('GET', KEYS[1])
if cur == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if cur then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`;

/** Extends the lease only while this token holds it. */
const LEASE_RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`;

/** Compare-and-delete: never removes a lease that expired and was taken by another process. */
const LEASE_RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

type ScriptCall = (numKeys: number, ...keysAndArgs: (string | number)[]) => Promise<number>;

/** The custom commands this module adds to a client or pipeline. */
export interface CityfleetScripts {
  cfWritePositions: ScriptCall;
  cfLeaseAcquire: ScriptCall;
  cfLeaseRenew: ScriptCall;
  cfLeaseRelease: ScriptCall;
}

const DEFINED = new WeakSet<Redis>();

/** Registers the scripts on a client (once) and returns it typed with them. */
export function withScripts(redis: Redis): Redis & CityfleetScripts {
  if (!DEFINED.has(redis)) {
    redis.defineCommand('cfWritePositions', { lua: WRITE_POSITIONS });
    redis.defineCommand('cfLeaseAcquire', { lua: LEASE_ACQUIRE });
    redis.defineCommand('cfLeaseRenew', { lua: LEASE_RENEW });
    redis.defineCommand('cfLeaseRelease', { lua: LEASE_RELEASE });
    DEFINED.add(redis);
  }
  return redis as Redis & CityfleetScripts;
}

/** A pipeline of a client registered with `withScripts`, typed with the custom commands. */
export function scriptPipeline(redis: Redis & CityfleetScripts): ChainableCommander & { [K in keyof CityfleetScripts]: (numKeys: number, ...keysAndArgs: (string | number)[]) => ChainableCommander } {
  return redis.pipeline() as never;
}
