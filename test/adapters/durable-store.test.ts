import mongoose from 'mongoose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMemoryStore } from '../../server/adapters/memory/durable-store.js';
import { createMongoStore } from '../../server/adapters/mongo/durable-store.js';
import { describeStoreContract } from './contracts/store-contract.js';
import { mongoGate, mongoTestUrl } from './servers.js';

const mongo = await mongoGate();

describeStoreContract('memory', async () => ({ store: createMemoryStore() }));

describeStoreContract('memory, track archive in files', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-tracks-'));
  return { store: createMemoryStore({ trackArchiveDir: dir }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});

describeStoreContract(
  mongo.label('mongodb'),
  async () => {
    const url = mongoTestUrl();
    const store = await createMongoStore(url);
    return {
      store,
      cleanup: async () => {
        const c = mongoose.createConnection(url);
        await c.asPromise();
        await c.dropDatabase();
        await c.close();
      },
    };
  },
  mongo.skip,
);
