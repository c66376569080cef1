import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DurableStorePort } from '../../../server/ports.js';
import { advancedIncident, sampleAssignment, sampleIncident, sampleTrack } from './store-samples.js';

/** A durable store under test, fresh and empty, with its tear-down. */
export interface StoreHandle {
  store: DurableStorePort;
  cleanup?: () => Promise<void>;
}

const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));

/** The behaviour every DurableStorePort adapter shares with the memory store. */
export function describeStoreContract(name: string, factory: () => Promise<StoreHandle>, skip = false): void {
  describe.skipIf(skip)(`DurableStorePort contract: ${name}`, () => {
    let h: StoreHandle;
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(async () => {
      await h.store.close();
      await h.cleanup?.();
    });

    it('round-trips an incident with its case history, and updates it in place', async () => {
      const i = sampleIncident('inc-1');
      await h.store.saveIncident(i);
      expect(await h.store.getIncident('inc-1')).toEqual(i);
      const later = advancedIncident(i);
      await h.store.saveIncident(later);
      await h.store.saveIncident(later); // a retry
      expect(await h.store.getIncident('inc-1')).toEqual(later);
      expect(await h.store.listIncidents()).toEqual([later]);
      expect(await h.store.getIncident('inc-404')).toBeUndefined();
    });

    it('keeps the intake place, masked contact, photos, pin and late reason, and drops a removed pin', async () => {
      const i = {
        ...sampleIncident('inc-full'),
        location: 'Longgang Ave / Huanggang Rd',
        reporterContact: '138****5678',
        photos: ['https://example.org/a.jpg', 'https://example.org/b.jpg'],
        pin: { vehicleId: 'TW-02', by: 'dispatcher:li', at: 5, costS: 120, lateS: 0, responseS: 120 },
        lateReason: 'travel' as const,
        lateByS: 300,
      };
      await h.store.saveIncident(i);
      expect(await h.store.getIncident('inc-full')).toEqual(i);
      const { pin: _pin, ...unpinned } = i;
      await h.store.saveIncident(unpinned);
      expect(await h.store.getIncident('inc-full')).toEqual(unpinned);
    });

    it('keeps the fleet register with crews, replacing a vehicle saved again', async () => {
      const sw = { id: 'SW-01', fleet: 'sweeper' as const, name: 'Sweeper 1', plate: '粤B·S0001', capacity: 30000, kind: 'sweeper', home: 'sweeperDepot', crewSize: 1, updatedAt: 1 };
      const tw = { id: 'TW-01', fleet: 'tow' as const, name: 'Tow 1', plate: '粤B·T0001', capacity: 1, home: 'towYard', crewSize: 2, updatedAt: 1 };
      await h.store.saveVehicles!([tw, sw]);
      await h.store.saveVehicles!([{ ...tw, crewSize: 3, updatedAt: 2 }]);
      expect(await h.store.listVehicles!()).toEqual([sw, { ...tw, crewSize: 3, updatedAt: 2 }]);
    });

    it('keeps accounts by username, replaces one saved again, deletes, and takes no operator as a name', async () => {
      const admin = { username: 'admin', role: 'admin' as const, passwordHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA', disabled: false, sessionVersion: 0, createdAt: 1, updatedAt: 1 };
      const driver = { username: 'wang.li', role: 'driver' as const, passwordHash: 'scrypt$16384$8$1$eA$eQ', vehicleId: 'KW-02', displayName: '王力', disabled: false, sessionVersion: 0, createdAt: 1, updatedAt: 1 };
      const gate = { username: 'gateway-1', role: 'device' as const, keyHash: 'ab'.repeat(32), vehicleIds: ['SW-01', 'SW-02'], disabled: false, sessionVersion: 0, createdAt: 2, updatedAt: 2 };
      for (const a of [driver, gate, admin]) await h.store.saveAccount(a);
      expect(await h.store.listAccounts()).toEqual([admin, gate, driver]);
      const moved = { ...driver, vehicleId: 'KW-05', sessionVersion: 1, updatedAt: 3 };
      await h.store.saveAccount(moved);
      await h.store.saveAccount(moved); // a retry
      expect(await h.store.listAccounts()).toEqual([admin, gate, moved]);
      // a copy older than the stored one (a process that has not heard of a sign-out) is refused
      await expect(h.store.saveAccount({ ...driver, displayName: 'stale', sessionVersion: 0, updatedAt: 4 })).rejects.toMatchObject({ name: 'StaleWriteError' });
      expect(await h.store.listAccounts()).toEqual([admin, gate, moved]);
      await expect(h.store.deleteAccount({ $ne: 'x' } as unknown as string)).rejects.toThrow();
      await h.store.deleteAccount('gateway-1');
      await h.store.deleteAccount('gateway-1'); // a retry
      expect(await h.store.listAccounts()).toEqual([admin, moved]);
    });

    it('lists open incidents only when asked', async () => {
      const open = sampleIncident('a', 1);
      const onScene = advancedIncident(sampleIncident('b', 2));
      const closed = { ...sampleIncident('c', 3), status: 'closed' as const, closedAt: 9 };
      const cancelled = { ...sampleIncident('d', 4), status: 'cancelled' as const };
      for (const i of [closed, open, cancelled, onScene]) await h.store.saveIncident(i);
      expect(byId(await h.store.listIncidents({ open: true }))).toEqual([open, onScene]);
      expect(byId(await h.store.listIncidents())).toEqual([open, onScene, closed, cancelled]);
    });

    it('hands out copies: changing a returned record does not change the store', async () => {
      await h.store.saveIncident(sampleIncident('inc-1'));
      const got = (await h.store.getIncident('inc-1'))!;
      got.history.push({ step: 'close', at: 1, by: 'x' });
      got.status = 'closed';
      expect(await h.store.getIncident('inc-1')).toEqual(sampleIncident('inc-1'));
    });

    it('keeps the newest assignment per vehicle; an older or repeated version changes nothing', async () => {
      await h.store.saveAssignment(sampleAssignment('tow-1', 1));
      await h.store.saveAssignment(sampleAssignment('tow-1', 3));
      await h.store.saveAssignment(sampleAssignment('tow-1', 2)); // late
      await h.store.saveAssignment(sampleAssignment('tow-2', 1));
      await h.store.saveAssignment(sampleAssignment('tow-2', 1)); // retry
      const latest = (await h.store.latestAssignments()).sort((a, b) => a.vehicleId.localeCompare(b.vehicleId));
      expect(latest).toEqual([sampleAssignment('tow-1', 3), sampleAssignment('tow-2', 1)]);
    });

    it('keeps the highest acknowledged version per vehicle', async () => {
      await h.store.saveAck('tow-1', 2, 100);
      await h.store.saveAck('tow-1', 1, 200);
      await h.store.saveAck('tow-1', 2, 300);
      await h.store.saveAck('kitchen-1', 5, 100);
      expect(await h.store.acks()).toEqual({ 'tow-1': 2, 'kitchen-1': 5 });
    });

    it('archives tracks and counts them per vehicle and in all', async () => {
      // 1,500 s of one vehicle crosses several 10-minute windows; two batches
      const t0 = 1_700_000_000_000;
      const long = sampleTrack('sweeper-1', t0, 1500);
      await h.store.appendTrack(long.slice(0, 700));
      await h.store.appendTrack([...long.slice(700), ...sampleTrack('tow-1', t0, 3)]);
      await h.store.appendTrack([]);
      expect(await h.store.countTrack('sweeper-1')).toBe(1500);
      expect(await h.store.countTrack('tow-1')).toBe(3);
      expect(await h.store.countTrack('nobody')).toBe(0);
      expect(await h.store.countTrack()).toBe(1503);
    });
  });
}
