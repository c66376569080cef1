/**
 * The device protocols, wired from configuration: Traccar Client phones (OsmAnd over HTTP, on the
 * main port at /osmand and optionally on a port of their own), JT/T 808 terminals and GT06 trackers
 * over TCP. All of them resolve device identifiers with one map and feed the shared ingestion path.
 */
import express from 'express';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ConfigError, type Config } from '../config.js';
import type { Clock } from '../clock.js';
import { createGt06Server, type Gt06Server, type Gt06Stats } from './gt06/server.js';
import type { Ingest } from './ingest.js';
import { createDeviceResolver, parseDeviceMap } from './jt808/device-map.js';
import { createJt808Server, hmacAuthCode, type Jt808Server, type Jt808Stats } from './jt808/server.js';
import { createOsmandRouter } from './osmand/router.js';

export interface DevicePorts {
  /** mounted by the HTTP app at /osmand */
  osmandRouter: express.Router;
  /** bound ports of the listeners that are on */
  ports: { osmand?: number; jt808?: number; gt06?: number };
  stats(): { jt808?: Jt808Stats; gt06?: Gt06Stats };
  close(): Promise<void>;
}

export interface DeviceDeps {
  config: Config;
  ingest: Ingest;
  isVehicle: (id: string) => boolean;
  clock: Clock;
  log: Logger;
  /** handlers every OsmAnd request passes on the extra port first (security headers, rate limit, admission) */
  httpGate?: express.RequestHandler[];
  /** applies TRUST_PROXY to the extra port's app */
  configureApp?: (app: express.Express) => void;
  /** OsmAnd reports must carry a device key (OSMAND_REQUIRE_KEY): the vehicles it may report, undefined when it is none */
  checkDeviceKey?: (key: string | undefined) => ((vehicleId: string) => boolean) | undefined;
}

/** Builds the protocol endpoints and starts the TCP/HTTP listeners the configuration turns on. */
export async function startDevices({ config, ingest, isVehicle, clock, log, httpGate = [], configureApp, checkDeviceKey }: DeviceDeps): Promise<DevicePorts> {
  let devices: Map<string, string>;
  try {
    devices = parseDeviceMap(config.deviceMap ?? '');
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  DEVICE_MAP: ${(err as Error).message}`);
  }
  const unknown = [...devices.values()].filter((v) => !isVehicle(v));
  if (unknown.length) log.warn({ vehicles: unknown }, 'DEVICE_MAP names vehicles this fleet does not have; those devices are refused');
  const resolveVehicle = createDeviceResolver(isVehicle, devices);
  const osmandRouter = createOsmandRouter({ ingest, resolveVehicle, log, now: () => clock.now(), checkKey: checkDeviceKey });
  const ports: DevicePorts['ports'] = {};
  const host = config.host;

  let jt808: Jt808Server | undefined;
  let gt06: Gt06Server | undefined;
  let osmandHttp: HttpServer | undefined;
  try {
    if (config.jt808Port !== undefined) {
      jt808 = createJt808Server({
        ingest,
        resolveVehicle,
        log,
        lenient: config.jt808Lenient,
        requireAuth: config.jt808RequireAuth,
        authCode: config.jt808AuthSecret ? hmacAuthCode(config.jt808AuthSecret) : undefined,
      });
      ports.jt808 = await jt808.listen(config.jt808Port, host);
    }
    if (config.gt06Port !== undefined) {
      gt06 = createGt06Server({ ingest, resolveVehicle, log });
      ports.gt06 = await gt06.listen(config.gt06Port, host);
    }
    if (config.osmandPort !== undefined) {
      const app = express();
      app.disable('x-powered-by');
      configureApp?.(app);
      app.use('/', ...httpGate, osmandRouter);
      const server = createServer(app);
      osmandHttp = server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.osmandPort, host, () => resolve());
      });
      ports.osmand = (server.address() as AddressInfo).port;
    }
  } catch (err) {
    await closeAll();
    throw err;
  }

  async function closeAll(): Promise<void> {
    await Promise.all([
      jt808?.close(),
      gt06?.close(),
      osmandHttp && new Promise<void>((r) => { osmandHttp!.closeAllConnections(); osmandHttp!.close(() => r()); }),
    ]);
  }

  return {
    osmandRouter,
    ports,
    stats: () => ({ jt808: jt808?.stats(), gt06: gt06?.stats() }),
    close: closeAll,
  };
}
