import type { Fix } from '../../../contracts/domain.js';
import type { TrackArchiveLike } from './file-track-archive.js';

const FIELDS = 6; // ts, lat, lon, speed, heading, flags
/** chunks grow 16, 32, ... up to 1024 fixes, so thousands of vehicles with short tracks stay small */
const FIRST_CHUNK = 16;
const MAX_CHUNK = 1024;

/**
 * Compact in-memory GPS track archive: fixes packed into Float64Array chunks per vehicle, so a
 * day of 1 Hz fixes from thousands of vehicles costs 48 bytes a fix instead of a JS object each.
 */
export class TrackArchive implements TrackArchiveLike {
  private readonly tracks = new Map<string, { chunks: Float64Array[]; count: number; free: number }>();
  private total = 0;

  append(fixes: readonly Fix[]): void {
    for (const f of fixes) {
      let t = this.tracks.get(f.vehicleId);
      if (!t) this.tracks.set(f.vehicleId, (t = { chunks: [], count: 0, free: 0 }));
      if (t.free === 0) {
        const size = Math.min(MAX_CHUNK, FIRST_CHUNK << t.chunks.length);
        t.chunks.push(new Float64Array(size * FIELDS));
        t.free = size;
      }
      const c = t.chunks[t.chunks.length - 1];
      const o = (c.length / FIELDS - t.free) * FIELDS;
      t.free--;
      c[o] = f.ts;
      c[o + 1] = f.lat;
      c[o + 2] = f.lon;
      c[o + 3] = f.speedKmh ?? NaN;
      c[o + 4] = f.heading ?? NaN;
      c[o + 5] = f.working === undefined ? -1 : f.working ? 1 : 0;
      t.count++;
      this.total++;
    }
  }

  count(vehicleId?: string): number {
    return vehicleId === undefined ? this.total : (this.tracks.get(vehicleId)?.count ?? 0);
  }

  /** Fixes of one vehicle in [fromTs, toTs], in arrival order. */
  read(vehicleId: string, fromTs = -Infinity, toTs = Infinity): Fix[] {
    const t = this.tracks.get(vehicleId);
    if (!t) return [];
    const out: Fix[] = [];
    let left = t.count;
    for (const c of t.chunks) {
      const n = Math.min(left, c.length / FIELDS);
      left -= n;
      for (let o = 0; o < n * FIELDS; o += FIELDS) {
        const ts = c[o];
        if (ts < fromTs || ts > toTs) continue;
        const fix: Fix = { vehicleId, ts, lat: c[o + 1], lon: c[o + 2] };
        if (!Number.isNaN(c[o + 3])) fix.speedKmh = c[o + 3];
        if (!Number.isNaN(c[o + 4])) fix.heading = c[o + 4];
        if (c[o + 5] >= 0) fix.working = c[o + 5] === 1;
        out.push(fix);
      }
    }
    return out;
  }
}
