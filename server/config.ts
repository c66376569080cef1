/**
 * One typed configuration schema: every key has a description, a default and an environment
 * variable, and is validated at start with a clear message.
 */
import { z } from 'zod';

const bool = z
  .union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])])
  .transform((v) => v === true || v === '1' || v === 'true' || v === 'yes' || v === 'on');

interface Key<S extends z.ZodType> {
  env: string;
  description: string;
  schema: S;
  default?: z.input<S>;
}

function key<S extends z.ZodType>(k: Key<S>): Key<S> {
  return k;
}

export const CONFIG_SCHEMA = {
  port: key({ env: 'PORT', description: 'HTTP port (0 = any free port)', schema: z.coerce.number().int().min(0).max(65535), default: 8080 }),
  host: key({ env: 'HOST', description: 'interface to listen on', schema: z.string().min(1), default: '0.0.0.0' }),
  redisUrl: key({ env: 'REDIS_URL', description: 'Redis for live state and fan-out; unset = in-memory', schema: z.string().url().optional() }),
  redisPrefix: key({ env: 'REDIS_PREFIX', description: 'prefix of every Redis key and channel of this deployment', schema: z.string().min(1).max(64), default: 'cf:' }),
  leaseMs: key({ env: 'LEASE_MS', description: 'planning leadership lease in Redis; a dead leader is replaced within this time', schema: z.coerce.number().int().min(300).max(60000), default: 3000 }),
  archiveClaimMs: key({ env: 'ARCHIVE_CLAIM_MS', description: 'with Redis and MongoDB: fixes queued for the archive by a process that died are taken over by another after this long', schema: z.coerce.number().int().min(500).max(600000), default: 15000 }),
  archiveReadEntries: key({ env: 'ARCHIVE_READ_ENTRIES', description: 'with Redis and MongoDB: stream entries (up to 500 fixes each) the archive reads and writes at once; more entries merge more fixes of a vehicle into one database write, which is what a lagging archive needs (a read of 1,000 entries parses up to 500,000 fixes at once)', schema: z.coerce.number().int().min(1).max(10_000), default: 1000 }),
  mongoUrl: key({ env: 'MONGO_URL', description: 'MongoDB for durable records; unset = in-memory', schema: z.string().min(1).optional() }),
  trackArchiveDir: key({ env: 'TRACK_ARCHIVE_DIR', description: 'without MongoDB: keep the GPS track archive in files in this folder (kept across restarts, memory stays flat) instead of in memory; one folder per process', schema: z.string().min(1).optional() }),
  city: key({ env: 'CITY', description: 'path to an OpenStreetMap .osm(.gz) file; unset = generated demo town', schema: z.string().min(1).optional() }),
  seed: key({ env: 'SEED', description: 'seed for the demo town, simulator and optimizer', schema: z.coerce.number().int(), default: 1 }),
  simulate: key({ env: 'SIMULATE', description: 'drive the fleet with the built-in simulator', schema: bool, default: true }),
  simRateHz: key({ env: 'SIM_RATE_HZ', description: 'fixes per vehicle per simulated second', schema: z.coerce.number().positive().max(10), default: 1 }),
  simSpeed: key({ env: 'SIM_SPEED', description: 'simulated seconds per real second', schema: z.coerce.number().positive().max(600), default: 4 }),
  simStartLocal: key({ env: 'SIM_START', description: 'local time of day the simulated shift starts (HH:MM)', schema: z.string().regex(/^\d{2}:\d{2}$/), default: '09:00' }),
  simAutoAck: key({ env: 'SIM_AUTO_ACK', description: 'simulated drivers acknowledge their assignments by themselves', schema: bool, default: true }),
  gpsNoiseM: key({ env: 'GPS_NOISE_M', description: 'standard deviation of simulated GPS noise, metres', schema: z.coerce.number().min(0).max(100), default: 6 }),
  replanDebounceMs: key({ env: 'REPLAN_DEBOUNCE_MS', description: 'wait this long after an event before re-planning, to batch bursts', schema: z.coerce.number().int().min(0).max(60000), default: 250 }),
  planTimeMs: key({ env: 'PLAN_TIME_MS', description: 'time limit of the first plan of the shift per fleet, ms (live repairs get less; a well-converged first plan spares drivers reshuffles later)', schema: z.coerce.number().int().min(10).max(600000), default: 3000 }),
  repairTimeMs: key({ env: 'REPAIR_TIME_MS', description: 'time limit of a live re-plan per fleet, ms', schema: z.coerce.number().int().min(10).max(60000), default: 300 }),
  sweepShiftEnd: key({ env: 'SWEEP_SHIFT_END', description: 'local time (HH:MM) the sweeping shift ends: a sweeper that would finish later at its pace gets work taken off it; unset = 6 h after the first sweeper plan', schema: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM').optional() }),
  sweepBehindMin: key({ env: 'SWEEP_BEHIND_MIN', description: 'minutes a sweeper must be behind its plan (and late for the shift end at its pace) before its work is re-shared', schema: z.coerce.number().min(1).max(600), default: 15 }),
  consoleBatchMs: key({ env: 'CONSOLE_BATCH_MS', description: 'positions are sent to consoles at most this often', schema: z.coerce.number().int().min(10).max(5000), default: 100 }),
  maxFutureMs: key({ env: 'MAX_FUTURE_MS', description: 'fixes stamped further ahead of the server clock are rejected', schema: z.coerce.number().int().min(0), default: 120000 }),
  maxBatch: key({ env: 'MAX_BATCH', description: 'most fixes accepted in one HTTP batch', schema: z.coerce.number().int().min(1).max(100000), default: 20000 }),
  deviceMap: key({ env: 'DEVICE_MAP', description: 'device identifier to vehicle id for every device protocol, "device=vehicle" pairs separated by commas (a device may also use the vehicle id itself)', schema: z.string().optional() }),
  osmandPort: key({ env: 'OSMAND_PORT', description: 'extra port for Traccar Client phones (OsmAnd protocol; Traccar uses 5055); the main port also serves it at /osmand; unset = main port only', schema: z.coerce.number().int().min(0).max(65535).optional() }),
  osmandRequireKey: key({ env: 'OSMAND_REQUIRE_KEY', description: 'Traccar Client (OsmAnd) reports must carry a device key (key=<key> in the server URL, see POST /api/v1/device-keys); off = devices are known by their identifier alone', schema: bool, default: false }),
  jt808Port: key({ env: 'JT808_PORT', description: 'TCP port for JT/T 808 terminals (e.g. 5015); unset = off', schema: z.coerce.number().int().min(0).max(65535).optional() }),
  jt808AuthSecret: key({ env: 'JT808_AUTH_SECRET', description: 'secret the JT/T 808 authentication codes are derived from; set it so codes survive restarts and match across processes; unset = random per process', schema: z.string().min(8).optional() }),
  jt808RequireAuth: key({ env: 'JT808_REQUIRE_AUTH', description: 'JT/T 808 positions are accepted only after 0x0102 authentication', schema: bool, default: true }),
  jt808Lenient: key({ env: 'JT808_LENIENT', description: 'accept JT/T 808 frames with a wrong check code or body length, as some vendors send', schema: bool, default: true }),
  gt06Port: key({ env: 'GT06_PORT', description: 'TCP port for GT06 trackers (e.g. 5023); unset = off', schema: z.coerce.number().int().min(0).max(65535).optional() }),
  tileUrl: key({ env: 'TILE_URL', description: 'optional raster tile URL template for a base map', schema: z.string().optional() }),
  dataDir: key({ env: 'CITYFLEET_DATA_DIR', description: 'folder of real data (OSM maps, benchmarks, packets)', schema: z.string().optional() }),
  logLevel: key({ env: 'LOG_LEVEL', description: 'pino log level', schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), default: 'info' }),
  incidentLimits: key({ env: 'INCIDENT_LIMITS', description: 'time limit per incident type in minutes, "type=minutes" pairs separated by commas (e.g. illegal_parking=30,road_debris=60); types left out keep their defaults', schema: z.string().regex(/^\s*[a-z_]+\s*=\s*\d+(\.\d+)?\s*(,\s*[a-z_]+\s*=\s*\d+(\.\d+)?\s*)*$/, 'expected type=minutes pairs separated by commas').optional() }),
  staticDir: key({ env: 'STATIC_DIR', description: 'built console to serve', schema: z.string(), default: 'dist/client' }),
  corsOrigins: key({ env: 'CORS_ORIGINS', description: 'origins (scheme://host[:port]) allowed to call the API and Socket.IO from a browser, separated by commas; unset = same origin only', schema: z.string().regex(/^\s*(https?:\/\/[^\s,/]+\s*(,\s*https?:\/\/[^\s,/]+\s*)*)?$/, 'expected origins like https://console.example.org separated by commas').optional() }),
  apiBodyLimit: key({ env: 'API_BODY_LIMIT', description: 'largest JSON body of an API request other than position batches (e.g. 64kb)', schema: z.string().regex(/^\d+(b|kb|mb)$/i, 'expected a size like 64kb or 1mb'), default: '64kb' }),
  positionsBodyLimit: key({ env: 'POSITIONS_BODY_LIMIT', description: 'largest JSON body of POST /api/v1/positions (a batch of up to MAX_BATCH fixes)', schema: z.string().regex(/^\d+(b|kb|mb)$/i, 'expected a size like 64kb or 4mb'), default: '4mb' }),
  ingestRate: key({ env: 'INGEST_RATE', description: 'ingestion requests (HTTP batches, OsmAnd reports, driver fixes) per second allowed from one client address; 0 = no limit', schema: z.coerce.number().min(0).max(1e6), default: 500 }),
  ingestBurst: key({ env: 'INGEST_BURST', description: 'ingestion requests one client may send at once above INGEST_RATE before getting 429', schema: z.coerce.number().int().min(1).max(1e6), default: 1000 }),
  outageBufferFixes: key({ env: 'OUTAGE_BUFFER_FIXES', description: 'fixes held in memory while Redis (or MongoDB, when it is written directly) is unreachable; beyond it ingestion answers 503', schema: z.coerce.number().int().min(100).max(10_000_000), default: 200_000 }),
  outageJournalDir: key({ env: 'OUTAGE_JOURNAL_DIR', description: 'folder where writes held during a Redis or MongoDB outage are also kept on disk before they are answered, so they survive this process dying; one folder per process; unset = memory only', schema: z.string().min(1).optional() }),
  trustProxy: key({ env: 'TRUST_PROXY', description: 'behind a reverse proxy: which proxies to trust for the client address used by rate limits (Express "trust proxy": a hop count, "loopback", or addresses/subnets separated by commas); unset = the direct peer', schema: z.string().regex(/^(\d{1,2}|[0-9a-fA-F.:/,\s]+|loopback|linklocal|uniquelocal)$/, 'expected a hop count, loopback, or addresses separated by commas').optional() }),
  production: key({ env: 'NODE_ENV', description: 'production mode ("production"): AUTH_SECRET and ADMIN_PASSWORD (or existing accounts) are required and no demo account is made', schema: z.string().transform((v) => v === 'production'), default: 'development' }),
  authSecret: key({ env: 'AUTH_SECRET', description: 'secret that signs sign-in tokens (32+ characters); set the same value on every process; unset = random per process (outside production)', schema: z.string().min(32, 'must be at least 32 characters').optional() }),
  adminPassword: key({ env: 'ADMIN_PASSWORD', description: 'password of the first administrator, "admin", made at start when no administrator exists (10+ characters)', schema: z.string().min(10, 'must be at least 10 characters').max(200).optional() }),
  demoPassword: key({ env: 'DEMO_PASSWORD', description: 'outside production: password of the demo accounts (admin, dispatcher, manager, one driver per vehicle), printed at start; unset = a new random one each start', schema: z.string().min(10, 'must be at least 10 characters').max(200).optional() }),
  tokenTtlH: key({ env: 'TOKEN_TTL_H', description: 'hours a sign-in lasts (one shift and some)', schema: z.coerce.number().positive().max(24 * 30), default: 14 }),
  signinRate: key({ env: 'SIGNIN_RATE', description: 'sign-in attempts per minute allowed from one address, and for one username (bursts up to the same number)', schema: z.coerce.number().int().min(1).max(10000), default: 10 }),
  retryAfterS: key({ env: 'RETRY_AFTER_S', description: 'seconds a client is told to wait (Retry-After) when ingestion is saturated', schema: z.coerce.number().int().min(1).max(3600), default: 5 }),
};

type Schema = typeof CONFIG_SCHEMA;
export type Config = { [K in keyof Schema]: z.output<Schema[K]['schema']> };

export class ConfigError extends Error {}

/** Reads configuration from `env` (default process.env), with `overrides` taking precedence (used by tests). */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, k] of Object.entries(CONFIG_SCHEMA) as [keyof Schema, Key<z.ZodType>][]) {
    if (name in overrides) {
      out[name] = overrides[name];
      continue;
    }
    const raw = env[k.env];
    const value = raw === undefined || raw === '' ? k.default : raw;
    const parsed = k.schema.safeParse(value);
    if (parsed.success) out[name] = parsed.data;
    else problems.push(`${k.env}=${JSON.stringify(raw)}: ${parsed.error.issues.map((i) => i.message).join('; ')} (${k.description})`);
  }
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return out as Config;
}

/** Markdown table of every key, for the README. */
export function describeConfig(): string {
  const rows = Object.values(CONFIG_SCHEMA).map((k) => `| \`${k.env}\` | ${k.default ?? ''} | ${k.description} |`);
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}
