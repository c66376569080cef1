import type { PositionsResponse } from '../../contracts/api.js';
import type { Fix } from '../../contracts/domain.js';
import type { Clock } from '../clock.js';
import type { FleetState } from '../live/fleet-state.js';
import type { Adapters } from '../ports.js';
import { validateFix } from './validate-fix.js';

export interface IngestDeps {
  fleet: FleetState;
  adapters: Adapters;
  clock: Clock;
  area: [number, number, number, number];
  maxFutureMs: number;
}

export interface Ingest {
  /** Validates and applies a batch from any source; bad fixes are rejected one by one, never the batch. */
  ingest(inputs: readonly unknown[]): Promise<PositionsResponse>;
  /** fixes accepted since start */
  readonly acceptedTotal: number;
}

/** The one ingestion path shared by HTTP, Socket.IO, device protocols and the simulator. */
export function createIngest(deps: IngestDeps): Ingest {
  const { fleet, adapters } = deps;
  let acceptedTotal = 0;
  const isKnownVehicle = (id: string) => fleet.has(id);
  return {
    get acceptedTotal() {
      return acceptedTotal;
    },
    async ingest(inputs) {
      const rules = { now: deps.clock.now(), maxFutureMs: deps.maxFutureMs, area: deps.area, marginDeg: 0.5, isKnownVehicle };
      const rejected: PositionsResponse['rejected'] = [];
      const archive: Fix[] = [];
      const live: Fix[] = [];
      // each vehicle's last fix before this batch, to put back if the batch cannot be stored
      const before = new Map<string, Fix | undefined>();
      for (let i = 0; i < inputs.length; i++) {
        const r = validateFix(inputs[i], rules);
        if (typeof r === 'string') {
          rejected.push({ index: i, reason: r });
          continue;
        }
        if (!before.has(r.vehicleId)) before.set(r.vehicleId, fleet.get(r.vehicleId)?.last);
        const outcome = fleet.applyFix(r);
        if (outcome === 'duplicate') {
          rejected.push({ index: i, reason: 'duplicate fix (same vehicle and time already received)' });
          continue;
        }
        archive.push(r);
        if (outcome === 'live') live.push(r);
      }
      if (archive.length) {
        // archive (or queue durably for the archive) before answering: a fix answered with 202 is kept
        const stored = adapters.archive ? adapters.archive.append(archive) : adapters.store.appendTrack(archive);
        try {
          await Promise.all([stored, live.length ? adapters.live.writePositions(live) : undefined]);
        } catch (err) {
          // not stored: the sender gets an error and must be able to send the same fixes again
          fleet.forgetFixes(archive, before);
          throw err;
        }
        acceptedTotal += archive.length;
      }
      // consoles, other processes and the leader's stop tracking all take fixes from the bus
      if (live.length) adapters.bus.publish('fixes', live);
      return { accepted: archive.length, rejected };
    },
  };
}
