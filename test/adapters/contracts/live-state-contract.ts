import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fix, Fleet } from '../../../contracts/domain.js';
import { haversineM } from '../../../optimizer/util/geo.js';
import type { LiveStatePort } from '../../../server/ports.js';

/** A live-state adapter under test, with whatever it needs torn down afterwards. */
export interface LiveStateHandle {
  live: LiveStatePort;
  cleanup?: () => Promise<void>;
}

/** Fleet of the test vehicles: the id's first word ('tow-3' is a tow truck); 'ghost-*' is unknown. */
export const testFleetOf = (id: string): Fleet | undefined => {
  const f = id.split('-')[0];
  return f === 'sweeper' || f === 'tow' || f === 'kitchen' || f === 'squad' ? f : undefined;
};

// a town centre (Shenzhen Longgang) and offsets in metres
const LAT0 = 22.72;
const LON0 = 114.25;
const at = (id: string, ts: number, dNorthM: number, dEastM: number, extra: Partial<Fix> = {}): Fix => ({
  vehicleId: id,
  ts,
  lat: LAT0 + dNorthM / 111_195,
  lon: LON0 + dEastM / (111_195 * Math.cos((LAT0 * Math.PI) / 180)),
  ...extra,
});

/**
 * The behaviour every LiveStatePort adapter must share, modelled on the memory adapter.
 * `factory` gets the fleet lookup and returns a fresh, empty live state for each test.
 */
export function describeLiveStateContract(name: string, factory: (fleetOf: (id: string) => Fleet | undefined) => Promise<LiveStateHandle>, skip = false): void {
  describe.skipIf(skip)(`LiveStatePort contract: ${name}`, () => {
    let h: LiveStateHandle;
    beforeEach(async () => {
      h = await factory(testFleetOf);
    });
    afterEach(async () => {
      await h.live.close();
      await h.cleanup?.();
    });

    it('keeps the newest fix of each vehicle, within a batch and across batches, with all fields', async () => {
      await h.live.writePositions([at('tow-1', 1000, 0, 0), at('tow-1', 3000, 10, 0, { speedKmh: 12.5, heading: 90, working: false }), at('tow-1', 2000, 20, 0)]);
      await h.live.writePositions([at('tow-1', 2500, 30, 0), at('sweeper-1', 100, 5, 5, { working: true })]);
      const byId = new Map((await h.live.readPositions()).map((f) => [f.vehicleId, f]));
      expect(byId.size).toBe(2);
      expect(byId.get('tow-1')).toEqual(at('tow-1', 3000, 10, 0, { speedKmh: 12.5, heading: 90, working: false }));
      expect(byId.get('sweeper-1')).toEqual(at('sweeper-1', 100, 5, 5, { working: true }));
      await h.live.writePositions([]);
      expect(await h.live.readPositions()).toHaveLength(2);
    });

    it('replaces statuses and loads', async () => {
      await h.live.writeStatus('kitchen-1', 'enroute', 0);
      await h.live.writeStatus('kitchen-1', 'working', 350.5);
      await h.live.writeStatus('tow-2', 'broken', 1);
      const s = (await h.live.readStatus()).sort((a, b) => a.vehicleId.localeCompare(b.vehicleId));
      expect(s).toEqual([
        { vehicleId: 'kitchen-1', status: 'working', load: 350.5 },
        { vehicleId: 'tow-2', status: 'broken', load: 1 },
      ]);
    });

    it('answers nearest per fleet, closest first, with distances in metres', async () => {
      await h.live.writePositions([
        at('tow-1', 1, 0, 900),
        at('tow-2', 1, 300, 0),
        at('tow-3', 1, -2000, -2000),
        at('tow-4', 1, 40_000, 0), // 40 km away: still found when the fleet has fewer near ones
        at('squad-1', 1, 10, 10),
        at('ghost-1', 1, 1, 1),
      ]);
      const near = await h.live.nearest('tow', LAT0, LON0, 10);
      expect(near.map((n) => n.vehicleId)).toEqual(['tow-2', 'tow-1', 'tow-3', 'tow-4']);
      const expected = [at('tow-2', 1, 300, 0), at('tow-1', 1, 0, 900), at('tow-3', 1, -2000, -2000), at('tow-4', 1, 40_000, 0)].map((f) =>
        haversineM(LAT0, LON0, f.lat, f.lon),
      );
      near.forEach((n, i) => expect(Math.abs(n.distM - expected[i])).toBeLessThan(2 + expected[i] * 0.005));
      expect((await h.live.nearest('tow', LAT0, LON0, 2)).map((n) => n.vehicleId)).toEqual(['tow-2', 'tow-1']);
      expect((await h.live.nearest('squad', LAT0, LON0, 5)).map((n) => n.vehicleId)).toEqual(['squad-1']);
      expect(await h.live.nearest('kitchen', LAT0, LON0, 5)).toEqual([]);
    });

    it('moves a vehicle in the nearest index when a newer fix arrives, not when an older one does', async () => {
      await h.live.writePositions([at('tow-1', 10, 0, 100), at('tow-2', 10, 0, 500)]);
      await h.live.writePositions([at('tow-1', 20, 0, 1000)]);
      await h.live.writePositions([at('tow-2', 5, 0, 5)]); // late, stale
      expect((await h.live.nearest('tow', LAT0, LON0, 2)).map((n) => n.vehicleId)).toEqual(['tow-2', 'tow-1']);
    });

    it('takes a batch of 5,000 fixes from 1,000 vehicles in one call', async () => {
      const fixes: Fix[] = [];
      for (let t = 0; t < 5; t++) for (let v = 0; v < 1000; v++) fixes.push(at(`sweeper-${v}`, 1000 + t, v * 10, t));
      await h.live.writePositions(fixes);
      const pos = await h.live.readPositions();
      expect(pos).toHaveLength(1000);
      expect(pos.every((f) => f.ts === 1004)).toBe(true);
      const near = await h.live.nearest('sweeper', LAT0, LON0, 3);
      expect(near.map((n) => n.vehicleId)).toEqual(['sweeper-0', 'sweeper-1', 'sweeper-2']);
    });
  });
}
