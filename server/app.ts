import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { loadTown } from '../fixtures/load-town.js';
import type { Town } from '../fixtures/types.js';
import { buildGraph, createSnapper } from '../optimizer/network/index.js';
import { realClock, simulatedClock, type Clock } from './clock.js';
import { createAdapters } from './compose.js';
import { loadConfig, type Config } from './config.js';
import { Dispatcher } from './dispatch/dispatcher.js';
import { securityHeaders } from './http/hardening.js';
import { applyTrustProxy, createApp, createIngestGate } from './http/routes.js';
import { createRateLimiter, parseOrigins } from './http/hardening.js';
import { startDevices, type DevicePorts } from './ingest/devices.js';
import { createIngest, type Ingest } from './ingest/ingest.js';
import { FleetState } from './live/fleet-state.js';
import { computeKpis } from './live/kpis.js';
import { restoreFleet } from './live/restore.js';
import { attachSync } from './live/sync.js';
import { vehicleChanged } from './live/vehicle-changed.js';
import { attachRealtime, type Realtime } from './realtime/realtime.js';
import { Simulator } from './sim/simulator.js';
import type { World } from './world.js';
import { AccountDirectory } from './auth/accounts.js';
import { authSecret, bootstrapAccounts, type DemoSignIn } from './auth/bootstrap.js';

export interface RunningServer {
  url: string;
  port: number;
  world: World;
  dispatcher: Dispatcher;
  ingest: Ingest;
  simulator?: Simulator;
  realtime: Realtime;
  /** device protocol listeners (JT/T 808, GT06, OsmAnd) and their bound ports */
  devices: DevicePorts;
  http: HttpServer;
  /** accounts: sign-in, tokens, device keys */
  directory: AccountDirectory;
  /** outside production: the demo accounts and their password, to print */
  demo?: DemoSignIn;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** configuration overrides (tests); the rest comes from the environment */
  config?: Partial<Config>;
  /** an already loaded town (tests reuse one) */
  town?: Town;
  logger?: Logger;
}

/** Builds the whole system from configuration and starts listening. */
export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const config = loadConfig(process.env, opts.config);
  const secret = authSecret(config); // before anything starts: production refuses to run without one
  const log = opts.logger ?? pino({ level: config.logLevel });
  const t0 = performance.now();
  const town = opts.town ?? loadTown({ city: config.city, seed: config.seed });
  const network = town.network;
  const graph = buildGraph(network);
  const snapper = createSnapper(network);
  const fleet = new FleetState(town.fleet);
  const adapters = await createAdapters(config, (id) => fleet.fleetOf(id), (err) => log.error({ err }, 'event handler failed'));
  const clock: Clock = config.simulate ? simulatedClock(config.simStartLocal, town.utcOffsetMin, config.simSpeed) : realClock;
  const world: World = { config, town, network, graph, snapper, fleet, adapters, clock, log, counters: { kitchenCollectedKg: 0, replans: 0, recentAccepted: [] } };
  log.info({ town: town.name, segments: network.segments.length, nodes: network.nodes.length, vehicles: town.fleet.length, ms: Math.round(performance.now() - t0) }, 'town loaded');

  const directory = new AccountDirectory({
    store: adapters.store,
    bus: adapters.bus,
    now: () => Date.now(),
    secret,
    tokenTtlMs: config.tokenTtlH * 3_600_000,
    isVehicle: (id) => fleet.has(id),
    onError: (err) => log.warn({ err }, 'accounts reload failed'),
    pendingWrites: () => adapters.storeBacklog?.held ?? 0,
  });
  let demo: DemoSignIn | undefined;
  try {
    // writes a crashed process journaled (account changes among them) are stored before accounts are read
    await adapters.storeBacklog?.drained(15_000);
    demo = await bootstrapAccounts(directory, config, town.fleet);
  } catch (err) {
    directory.close();
    await Promise.all([adapters.leader.close(), adapters.archive?.close()]);
    await Promise.all([adapters.live.close(), adapters.store.close(), adapters.bus.close()]);
    throw err;
  }
  const dispatcher = new Dispatcher(world);
  const ingest = createIngest({ fleet, adapters, clock, area: network.bbox, maxFutureMs: config.maxFutureMs });
  const detachSync = attachSync(world, dispatcher);
  const ack = async (vehicleId: string, version: number): Promise<string | undefined> => {
    const v = fleet.get(vehicleId);
    if (!v) return `unknown vehicle ${vehicleId}`;
    const current = v.assignment?.version ?? 0;
    if (version < 1 || version > current) return `no assignment version ${version} for ${vehicleId} (current ${current})`;
    if (version <= v.ackedVersion) return undefined; // a repeated ack is harmless
    v.ackedVersion = version;
    await adapters.store.saveAck(vehicleId, version, Math.round(clock.now()));
    vehicleChanged(world, v);
    return undefined;
  };

  // fixes per second over a sliding window of real time, for the KPI bar
  let lastCount = 0;
  let fixesPerSec = 0;
  const kpis = () => computeKpis(world, dispatcher, fixesPerSec);
  const ingestGate = createIngestGate(world);
  const devices = await startDevices({
    config, ingest, isVehicle: (id) => fleet.has(id), clock, log,
    httpGate: [securityHeaders(config.tileUrl), ...ingestGate],
    configureApp: (a) => applyTrustProxy(a, config.trustProxy),
    checkDeviceKey: config.osmandRequireKey
      ? (key) => {
          const device = directory.authenticate(key);
          if (device?.role !== 'device') return undefined;
          const scope = device.vehicleIds && new Set(device.vehicleIds);
          return (vehicleId) => !scope || scope.has(vehicleId);
        }
      : undefined,
  });
  const app = createApp({ world, dispatcher, ingest, kpis, devices, ingestGate, directory });
  const http = createServer(app);
  const realtime = attachRealtime(http, {
    fleet,
    bus: adapters.bus,
    ingest,
    ack,
    authenticate: (credential) => directory.authenticate(credential),
    onAccountsChanged: (fn) => directory.onChange(fn),
    batchMs: config.consoleBatchMs,
    corsOrigins: parseOrigins(config.corsOrigins),
    fixLimiter: createRateLimiter(config.ingestRate, config.ingestBurst),
    backpressure: adapters.backpressure,
    snapshot: () => ({
      vehicles: fleet.views(),
      incidents: [...dispatcher.incidents.list(), ...dispatcher.incidents.closed.slice(-50)],
      assignments: fleet.all().flatMap((v) => (v.assignment ? [v.assignment] : [])),
      kpis: kpis(),
      now: Math.round(clock.now()),
      swept: dispatcher.coverage.sweptIds(),
    }),
  });
  const kpiTimer = setInterval(() => {
    fixesPerSec = ingest.acceptedTotal - lastCount;
    lastCount = ingest.acceptedTotal;
    adapters.bus.publish('kpis', kpis());
  }, 1000);

  // the fleet register in the durable store (idempotent: every process may write it)
  const crewSize: Record<string, number> = { sweeper: 1, tow: 2, kitchen: 2, squad: 20 }; // squads: 120 officers in 6 squads (DOMAIN.md)
  await adapters.store
    .saveVehicles?.(town.fleet.map((v) => ({ id: v.id, fleet: v.fleet, name: v.name, plate: v.plate, capacity: v.capacity, kind: v.kind, home: v.home, crewSize: crewSize[v.fleet] ?? 1, updatedAt: Math.round(clock.now()) })))
    .catch((err) => log.warn({ err }, 'fleet register write failed'));
  const restored = await restoreFleet(world);
  if (restored) log.info({ restored }, 'assignments restored');
  await dispatcher.start();
  const simulator = config.simulate ? new Simulator(world, dispatcher, ingest, ack) : undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    await devices.close();
    throw err;
  }
  if (Object.keys(devices.ports).length) log.info(devices.ports, 'device protocol ports');
  simulator?.start();
  const port = (http.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${host}:${port}`;

  let stopped = false;
  return {
    url, port, world, dispatcher, ingest, simulator, realtime, devices, http, directory, demo,
    async stop() {
      if (stopped) return;
      stopped = true;
      simulator?.stop();
      clearInterval(kpiTimer);
      dispatcher.stop();
      detachSync();
      directory.close();
      await devices.close();
      await realtime.close(); // closes the HTTP server too
      await adapters.leader.close();
      await adapters.archive?.close();
      await Promise.all([adapters.live.close(), adapters.store.close(), adapters.bus.close()]);
    },
  };
}
