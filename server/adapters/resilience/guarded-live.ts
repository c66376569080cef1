import type { Fix, VehicleStatus } from '../../../contracts/domain.js';
import type { LiveStatePort } from '../../ports.js';

export interface GuardedLiveOptions {
  isUp(): boolean;
  onError?(err: unknown): void;
  /** pause between attempts to write what was held */
  retryMs?: number;
}

/**
 * Live state that keeps ingestion going while its store (Redis) is down. Only the newest position
 * and status of each vehicle matter, so what is held is one entry per vehicle (bounded by the
 * fleet) and written when the store is back; the store itself keeps the newest when it already
 * has a later one. Reads go to the store and fail while it is down.
 */
export function guardLiveState(inner: LiveStatePort, opts: GuardedLiveOptions): LiveStatePort & { readonly held: number } {
  const positions = new Map<string, Fix>();
  const statuses = new Map<string, { status: VehicleStatus; load: number }>();
  const onError = opts.onError ?? (() => {});
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const holdFixes = (fixes: readonly Fix[]) => {
    for (const f of fixes) {
      const prev = positions.get(f.vehicleId);
      if (!prev || prev.ts <= f.ts) positions.set(f.vehicleId, f);
    }
    schedule();
  };
  const schedule = () => {
    if (timer || closed) return;
    timer = setTimeout(() => void flush(), opts.retryMs ?? 250);
    timer.unref();
  };
  async function flush(): Promise<void> {
    timer = undefined;
    if (!opts.isUp()) return schedule();
    const fixes = [...positions.values()];
    const stats = [...statuses];
    positions.clear();
    statuses.clear();
    try {
      if (fixes.length) await inner.writePositions(fixes);
    } catch (err) {
      onError(err);
      holdFixes(fixes.filter((f) => !positions.has(f.vehicleId)));
    }
    for (const [id, s] of stats) {
      try {
        if (!statuses.has(id)) await inner.writeStatus(id, s.status, s.load);
      } catch (err) {
        onError(err);
        if (!statuses.has(id)) statuses.set(id, s);
      }
    }
    if (positions.size || statuses.size) schedule();
  }

  // methods added to the port later pass through unguarded
  const passthrough: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(inner)) if (typeof v === 'function') passthrough[k] = (v as (...a: unknown[]) => unknown).bind(inner);
  return {
    ...(passthrough as unknown as LiveStatePort),
    async writePositions(fixes) {
      if (!fixes.length) return;
      if (opts.isUp() && positions.size === 0) {
        try {
          return await inner.writePositions(fixes);
        } catch (err) {
          onError(err);
        }
      }
      holdFixes(fixes);
    },
    readPositions: () => inner.readPositions(),
    async writeStatus(vehicleId, status, load) {
      if (opts.isUp() && !statuses.has(vehicleId)) {
        try {
          return await inner.writeStatus(vehicleId, status, load);
        } catch (err) {
          onError(err);
        }
      }
      statuses.set(vehicleId, { status, load });
      schedule();
    },
    readStatus: () => inner.readStatus(),
    nearest: (fleet, lat, lon, count) => inner.nearest(fleet, lat, lon, count),
    get held() {
      return positions.size + statuses.size;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (opts.isUp()) await flush().catch(onError);
      await inner.close();
    },
  };
}
