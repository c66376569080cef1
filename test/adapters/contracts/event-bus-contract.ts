import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventBusPort } from '../../../server/ports.js';

/** A bus under test. `settle` waits until everything published so far has been delivered. */
export interface BusHandle {
  bus: EventBusPort;
  errors: unknown[];
  settle: () => Promise<void>;
  cleanup?: () => Promise<void>;
}

/** The behaviour every EventBusPort adapter shares with the memory bus, seen from one process. */
export function describeEventBusContract(name: string, factory: () => Promise<BusHandle>, skip = false): void {
  describe.skipIf(skip)(`EventBusPort contract: ${name}`, () => {
    let h: BusHandle;
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(async () => {
      await h.bus.close();
      await h.cleanup?.();
    });

    it('delivers a publication to its own process exactly once, synchronously, in order', async () => {
      const got: unknown[] = [];
      h.bus.subscribe('incident', (p) => got.push(p));
      await h.settle();
      h.bus.publish('incident', { id: 'i1', n: 1 });
      h.bus.publish('incident', { id: 'i2', n: 2 });
      // the memory bus runs handlers inside publish; so must every adapter for its own process
      expect(got).toEqual([{ id: 'i1', n: 1 }, { id: 'i2', n: 2 }]);
      await h.settle();
      expect(got).toHaveLength(2);
    });

    it('keeps topics apart and stops delivering after unsubscribe', async () => {
      const fixes: unknown[] = [];
      const kpis: unknown[] = [];
      const off = h.bus.subscribe('fixes', (p) => fixes.push(p));
      h.bus.subscribe('kpis', (p) => kpis.push(p));
      await h.settle();
      h.bus.publish('fixes', [{ vehicleId: 'tow-1', ts: 1, lat: 22, lon: 114 }]);
      off();
      h.bus.publish('fixes', [{ vehicleId: 'tow-1', ts: 2, lat: 22, lon: 114 }]);
      await h.settle();
      expect(fixes).toEqual([[{ vehicleId: 'tow-1', ts: 1, lat: 22, lon: 114 }]]);
      expect(kpis).toEqual([]);
    });

    it('reports a throwing handler and still runs the others', async () => {
      const got: unknown[] = [];
      h.bus.subscribe('vehicles', () => {
        throw new Error('boom');
      });
      h.bus.subscribe('vehicles', (p) => got.push(p));
      await h.settle();
      h.bus.publish('vehicles', ['v']);
      await h.settle();
      expect(got).toEqual([['v']]);
      expect(h.errors.map(String)).toEqual(['Error: boom']);
    });
  });
}
