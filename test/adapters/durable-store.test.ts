import mongoose from 'mongoose';
import { createMemoryStore } from '../../server/adapters/memory/durable-store.js';
import { createMongoStore } from '../../server/adapters/mongo/durable-store.js';
import { describeStoreContract } from './contracts/store-contract.js';
import { mongoGate, mongoTestUrl } from './servers.js';

const mongo = await mongoGate();

describeStoreContract('memory', async () => ({ store: createMemoryStore() }));

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
