import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/app.js';
import { redisGate, REDIS_TEST_URL, testPrefix } from '../adapters/servers.js';
import { authedFetch, startTestServer } from '../server/helpers.js';
import { ferretBinary, startOwnFerret, type OwnServer } from './own-servers.js';
import { settle, Traffic } from './traffic.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateDemoTown } from '../../fixtures/demo-town.js';
import { startChild } from '../server/child-server.js';

// MongoDB without Redis: ingestion writes the archive directly. FerretDB is private to this file.
const bin = ferretBinary();
const redisShared = await redisGate();
if (!bin && process.env.CI) throw new Error('CI is set but no FerretDB binary (FERRETDB_BIN or $(go env GOPATH)/bin/ferretdb)');

describe.skipIf(!bin)(`MongoDB outage without Redis${bin ? '' : ' [SKIPPED: no FerretDB binary]'}`, () => {
  let db: OwnServer;
  const servers: RunningServer[] = [];
  let dbName = 0;
  const start = async (outageBufferFixes = 200_000) => {
    await db.restart();
    const url = new URL(db.url);
    url.pathname = `/cityfleet_faults_${++dbName}`;
    const srv = await startTestServer({ mongoUrl: url.toString(), redisUrl: undefined, outageBufferFixes, retryAfterS: 3 });
    servers.push(srv);
    return srv;
  };

  beforeAll(async () => {
    db = await startOwnFerret(bin!);
  });
  afterAll(async () => {
    await db?.restart().catch(() => {});
    // servers first, while their database answers, so they close cleanly
    for (const s of servers) await s.stop().catch(() => {});
    await db?.dispose();
  });

  it('queues writes while MongoDB is down and stores every fix it answered 202 once it is back', { timeout: 120_000 }, async () => {
    const srv = await start();
    const traffic = new Traffic(srv);
    expect(new Set(await traffic.posts(10))).toEqual(new Set([202]));
    expect(await srv.world.adapters.store.countTrack()).toBe(100);

    await db.kill();
    expect(new Set(await traffic.posts(20))).toEqual(new Set([202]));
    // an incident (its own write) goes through the same queue
    const home = srv.world.town.places.sweeperDepot;
    const created = await authedFetch(`${srv.url}/api/v1/incidents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'road_debris', lat: home.lat, lon: home.lon, source: 'hotline', description: 'during the outage' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await authedFetch(`${srv.url}/api/v1/health`)).status).toBe(200);

    await db.restart();
    expect(new Set(await traffic.posts(10))).toEqual(new Set([202]));
    expect(traffic.accepted).toBe(400);
    expect(await settle(() => srv.world.adapters.store.countTrack(), traffic.accepted)).toBe(traffic.accepted);
    expect((await srv.world.adapters.store.getIncident(id))?.description).toBe('during the outage');
  });

  it('answers 503 with Retry-After once the queue is full, and loses nothing it answered 202', { timeout: 120_000 }, async () => {
    const srv = await start(100);
    const traffic = new Traffic(srv);
    await traffic.posts(2);
    await db.kill();
    let refused: { status: number; retryAfter: string | null } | undefined;
    for (let i = 0; i < 50 && !refused; i++) {
      const r = await traffic.post();
      if (r.status !== 202) refused = r;
    }
    expect(refused).toEqual({ status: 503, retryAfter: '3' });
    expect(traffic.accepted).toBeGreaterThanOrEqual(120);

    await db.restart();
    expect(await settle(async () => srv.world.adapters.backpressure?.saturated(), undefined)).toBeUndefined();
    expect((await traffic.post()).status).toBe(202);
    expect(await settle(() => srv.world.adapters.store.countTrack(), traffic.accepted)).toBe(traffic.accepted);
  });

  it.skipIf(redisShared.skip)('with Redis in front, keeps fixes in the stream until MongoDB is back and archives every one', { timeout: 120_000 }, async () => {
    await db.restart();
    const url = new URL(db.url);
    url.pathname = `/cityfleet_faults_${++dbName}`;
    // the shared Redis is only used (own key prefix), never stopped
    const srv = await startTestServer({ mongoUrl: url.toString(), redisUrl: REDIS_TEST_URL, redisPrefix: testPrefix(), archiveClaimMs: 500 });
    servers.push(srv);
    const traffic = new Traffic(srv);
    await traffic.posts(5);
    await db.kill();
    expect(new Set(await traffic.posts(20))).toEqual(new Set([202]));
    // the consumer retries its pending entries meanwhile (claim time 500 ms), failing each time
    await new Promise((r) => setTimeout(r, 4000));
    await db.restart();
    expect(await settle(() => srv.world.adapters.store.countTrack(), traffic.accepted, 60_000)).toBe(traffic.accepted);
    expect(await settle(() => srv.world.adapters.archive!.backlog(), 0)).toBe(0);
  });

  it('keeps what it answered 202 during an outage on disk, so a process killed before MongoDB is back loses nothing', { timeout: 180_000 }, async () => {
    await db.restart();
    const url = new URL(db.url);
    url.pathname = `/cityfleet_faults_${++dbName}`;
    const journalDir = mkdtempSync(path.join(tmpdir(), 'cf-journal-'));
    const env = { MONGO_URL: url.toString(), REDIS_URL: '', OUTAGE_JOURNAL_DIR: journalDir, RETRY_AFTER_S: '3' };
    let child = await startChild(env);
    try {
      // Traffic needs the town and the URL: the child runs the same seeded demo town
      const town = generateDemoTown(1);
      const traffic = new Traffic({ url: child.url, world: { town } } as unknown as RunningServer);
      expect(new Set(await traffic.posts(5))).toEqual(new Set([202]));
      await db.kill();
      expect(new Set(await traffic.posts(15))).toEqual(new Set([202]));
      expect(readFileSync(path.join(journalDir, 'mongodb-writes.jsonl'), 'utf8').split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(15);
      // the process dies with 150 fixes answered and not stored
      await child.stop('SIGKILL');
      await db.restart();
      child = await startChild(env);
      const archived = async () => ((await (await authedFetch(`${child.url}/api/v1/archive`)).json()) as { fixes: number }).fixes;
      expect(await settle(archived, traffic.accepted, 60_000)).toBe(traffic.accepted);
      expect(traffic.accepted).toBe(200);
      // stored, so the journal is empty again
      expect(await settle(async () => readFileSync(path.join(journalDir, 'mongodb-writes.jsonl'), 'utf8').length, 0)).toBe(0);
    } finally {
      await child.stop();
      rmSync(journalDir, { recursive: true, force: true });
    }
  });
});
