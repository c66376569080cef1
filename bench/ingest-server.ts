/**
 * Server side of the ingestion benchmark, run as its own process so the load generator does not
 * share its event loop: the demo town with the fleet enlarged to BENCH_VEHICLES vehicles.
 * MODE=baseline runs a bare express JSON endpoint instead (the HTTP + JSON floor).
 */
import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateDemoTown } from '../fixtures/demo-town.js';
import type { VehicleSpec } from '../fixtures/types.js';
import { startServer } from '../server/app.js';

const n = Number(process.env.BENCH_VEHICLES ?? 5000);

if (process.env.MODE === 'baseline') {
  const app = express();
  app.use(express.json({ limit: '8mb' }));
  app.post('/api/v1/positions', (req, res) => {
    res.status(202).json({ accepted: (req.body as { positions: unknown[] }).positions.length, rejected: [] });
  });
  const http = createServer(app).listen(0, '127.0.0.1', () => {
    console.log(JSON.stringify({ url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, deviceKey: '', consoleToken: '' }));
  });
} else {
  const town = generateDemoTown(1);
  const fleet: VehicleSpec[] = [];
  // tow trucks: with no incidents they need no planning, so the run measures ingestion alone
  const base = town.fleet.find((v) => v.fleet === 'tow')!;
  for (let i = 0; i < n; i++) fleet.push({ ...base, id: `B-${String(i).padStart(5, '0')}`, name: `bench ${i}` });
  town.fleet = fleet;
  // MODE=embedded: in-memory adapters; MODE=redis+mongodb: REDIS_URL and MONGO_URL from the environment.
  // The load generator is one client address, so the per-client ingestion rate limit is off.
  const embedded = process.env.MODE === 'embedded' ? { redisUrl: undefined, mongoUrl: undefined } : {};
  const srv = await startServer({ town, config: { port: 0, host: '127.0.0.1', simulate: false, logLevel: 'warn', planTimeMs: 300, ingestRate: 0, ...embedded } });
  // the load generator posts as a device (a key, checked on every batch) and watches as a manager
  const deviceKey = (await srv.directory.issueDeviceKey({ name: `bench-${process.pid}` })).key;
  const consoleToken = srv.directory.issueToken('manager').token;
  console.log(JSON.stringify({ url: srv.url, deviceKey, consoleToken }));
}
