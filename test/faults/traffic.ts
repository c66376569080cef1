import type { Fix } from '../../contracts/domain.js';
import type { RunningServer } from '../../server/app.js';
import { authedFetch } from '../server/helpers.js';

/** Sends batches of valid, never-repeated fixes and counts what the server acknowledged. */
export class Traffic {
  accepted = 0;
  refused = 0;
  private seq = 0;
  private readonly base = Date.now() - 3_600_000;

  constructor(private readonly srv: RunningServer) {}

  batch(size = 10): Fix[] {
    const fleet = this.srv.world.town.fleet;
    const home = this.srv.world.town.places.sweeperDepot;
    const out: Fix[] = [];
    for (let i = 0; i < size; i++) {
      const n = this.seq++;
      out.push({ vehicleId: fleet[n % fleet.length].id, lat: home.lat + (n % 7) * 1e-4, lon: home.lon, ts: this.base + n * 10, speedKmh: 12 });
    }
    return out;
  }

  /** Posts one batch; returns the status and Retry-After. 202s add to `accepted`. */
  async post(size = 10): Promise<{ status: number; retryAfter: string | null }> {
    const res = await authedFetch(`${this.srv.url}/api/v1/positions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ positions: this.batch(size) }),
    });
    const body = (await res.json()) as { accepted?: number };
    if (res.status === 202) this.accepted += body.accepted ?? 0;
    else this.refused++;
    return { status: res.status, retryAfter: res.headers.get('retry-after') };
  }

  /** Posts `n` batches one after another; returns the statuses seen. */
  async posts(n: number, size = 10): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++) statuses.push((await this.post(size)).status);
    return statuses;
  }
}

/** Polls until `read()` equals `want` or `ms` passes; returns the last value read. */
export async function settle<T>(read: () => Promise<T>, want: T, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await read().catch(() => undefined as T);
  while (v !== want && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    v = await read().catch(() => undefined as T);
  }
  return v;
}
