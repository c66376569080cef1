/** A batch whose storage fails is answered with an error, and the sender's retry is stored, not refused as a duplicate. */
import { describe, expect, it } from 'vitest';
import type { Fix } from '../../contracts/domain.js';
import type { VehicleSpec } from '../../fixtures/types.js';
import { createMemoryBus } from '../../server/adapters/memory/event-bus.js';
import { createMemoryLiveState } from '../../server/adapters/memory/live-state.js';
import { createMemoryStore } from '../../server/adapters/memory/durable-store.js';
import { createSoleLeader } from '../../server/adapters/memory/leader.js';
import { realClock } from '../../server/clock.js';
import { createIngest } from '../../server/ingest/ingest.js';
import { FleetState } from '../../server/live/fleet-state.js';

const spec = (id: string): VehicleSpec => ({ id, fleet: 'tow', name: id, plate: 'B-1', capacity: 1, home: 'towYard' });

describe('ingest when storage fails', () => {
  it('lets the same fixes through on retry once storage is back', async () => {
    const fleet = new FleetState([spec('A'), spec('B')]);
    const store = createMemoryStore();
    let failNext = true;
    const flaky = {
      ...store,
      async appendTrack(fixes: readonly Fix[]) {
        if (failNext) {
          failNext = false;
          throw new Error('storage down');
        }
        return store.appendTrack(fixes);
      },
    };
    const adapters = { live: createMemoryLiveState((id) => fleet.fleetOf(id)), store: flaky, bus: createMemoryBus(), leader: createSoleLeader(), kind: 'memory' };
    const ingest = createIngest({ fleet, adapters, clock: realClock, area: [22, 113, 23, 115], maxFutureMs: 60_000 });
    const t = Date.now() - 5000;
    const batch = [
      { vehicleId: 'A', lat: 22.5, lon: 114, ts: t },
      { vehicleId: 'B', lat: 22.6, lon: 114.1, ts: t + 1 },
    ];
    await expect(ingest.ingest(batch)).rejects.toThrow('storage down');
    expect(await store.countTrack()).toBe(0);
    // the live picture does not show positions that were not stored
    expect(fleet.get('A')!.last).toBeUndefined();
    const retry = await ingest.ingest(batch);
    expect(retry).toEqual({ accepted: 2, rejected: [] });
    expect(await store.countTrack()).toBe(2);
    // and a third copy is a duplicate again
    const again = await ingest.ingest(batch);
    expect(again.accepted).toBe(0);
    expect(again.rejected.map((r) => r.reason)).toEqual([expect.stringMatching(/duplicate/), expect.stringMatching(/duplicate/)]);
  });
});
