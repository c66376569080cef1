/**
 * The embedded track archive on local disk instead of in memory (TRACK_ARCHIVE_DIR): a box with no
 * MongoDB keeps every fix without its memory growing, and keeps them across restarts. Two
 * append-only files: `vehicles.txt` (one vehicle id per line; the line number is the id's index)
 * and `fixes.bin` (fixed records of 7 float64: index, ts, lat, lon, speed, heading, working).
 * Writes are synchronous into the page cache (no fsync: the embedded default promises what one
 * box's disk keeps, like its memory did before). A record cut short by a crash is dropped at open.
 * Only counts live in memory; reading a track scans the file.
 */
import { appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, ftruncateSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Fix } from '../../../contracts/domain.js';

const FIELDS = 7;
const RECORD = FIELDS * 8;

export interface TrackArchiveLike {
  append(fixes: readonly Fix[]): void;
  count(vehicleId?: string): number;
  read(vehicleId: string, fromTs?: number, toTs?: number): Fix[];
  close?(): void;
}

export class FileTrackArchive implements TrackArchiveLike {
  private readonly fd: number;
  private readonly idsFile: string;
  private readonly index = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly counts: number[] = [];
  private total = 0;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.idsFile = path.join(dir, 'vehicles.txt');
    if (existsSync(this.idsFile)) {
      for (const id of readFileSync(this.idsFile, 'utf8').split('\n')) if (id) this.remember(id);
    }
    this.fd = openSync(path.join(dir, 'fixes.bin'), 'a+', 0o600);
    const size = fstatSync(this.fd).size;
    const whole = size - (size % RECORD);
    if (whole !== size) ftruncateSync(this.fd, whole); // the tail of a write a crash cut short
    // count what earlier runs stored
    this.scan((rec) => {
      const i = rec[0];
      this.counts[i] = (this.counts[i] ?? 0) + 1;
      this.total++;
      return true;
    });
  }

  private remember(id: string): number {
    const i = this.ids.length;
    this.ids.push(id);
    this.index.set(id, i);
    this.counts[i] = 0;
    return i;
  }

  append(fixes: readonly Fix[]): void {
    if (!fixes.length) return;
    const buf = new Float64Array(fixes.length * FIELDS);
    let fresh = '';
    fixes.forEach((f, k) => {
      let i = this.index.get(f.vehicleId);
      if (i === undefined) {
        if (/[\n\r]/.test(f.vehicleId)) throw new TypeError('vehicle id with a line break');
        i = this.remember(f.vehicleId);
        fresh += `${f.vehicleId}\n`;
      }
      const o = k * FIELDS;
      buf[o] = i;
      buf[o + 1] = f.ts;
      buf[o + 2] = f.lat;
      buf[o + 3] = f.lon;
      buf[o + 4] = f.speedKmh ?? NaN;
      buf[o + 5] = f.heading ?? NaN;
      buf[o + 6] = f.working === undefined ? -1 : f.working ? 1 : 0;
    });
    // new ids first: a record never names an index the ids file does not have
    if (fresh) appendFileSync(this.idsFile, fresh);
    const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    for (let off = 0; off < bytes.length; ) off += writeSync(this.fd, bytes, off, bytes.length - off);
    for (const f of fixes) this.counts[this.index.get(f.vehicleId)!]++;
    this.total += fixes.length;
  }

  count(vehicleId?: string): number {
    if (vehicleId === undefined) return this.total;
    const i = this.index.get(vehicleId);
    return i === undefined ? 0 : this.counts[i];
  }

  read(vehicleId: string, fromTs = -Infinity, toTs = Infinity): Fix[] {
    const want = this.index.get(vehicleId);
    const out: Fix[] = [];
    if (want === undefined) return out;
    this.scan((r) => {
      if (r[0] !== want || r[1] < fromTs || r[1] > toTs) return true;
      const fix: Fix = { vehicleId, ts: r[1], lat: r[2], lon: r[3] };
      if (!Number.isNaN(r[4])) fix.speedKmh = r[4];
      if (!Number.isNaN(r[5])) fix.heading = r[5];
      if (r[6] >= 0) fix.working = r[6] === 1;
      out.push(fix);
      return true;
    });
    return out;
  }

  /** Every record from the start of the file, in order, a megabyte at a time. */
  private scan(visit: (rec: Float64Array) => boolean): void {
    const chunk = Buffer.alloc(RECORD * 16384);
    const rec = new Float64Array(FIELDS);
    const recBytes = Buffer.from(rec.buffer);
    for (let pos = 0; ; ) {
      const n = readSync(this.fd, chunk, 0, chunk.length, pos);
      if (n < RECORD) return;
      const whole = n - (n % RECORD);
      for (let o = 0; o < whole; o += RECORD) {
        chunk.copy(recBytes, 0, o, o + RECORD);
        if (!visit(rec)) return;
      }
      pos += whole;
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}
