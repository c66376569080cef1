/**
 * The server's clock as seen from the browser. In simulation it runs faster than real time
 * (SIM_SPEED), so a fixed offset would make deadline countdowns crawl; the clock therefore learns
 * both offset and rate from the timestamps the server sends (snapshot.now, kpis.ts once a second).
 */
export interface ServerClock {
  /** records that the server said `serverMs` when the browser clock read `browserMs` */
  observe(serverMs: number, browserMs: number): void;
  /** server time now, extrapolated from the latest observation */
  now(browserMs: number): number;
  /** server milliseconds per browser millisecond (1 outside simulation) */
  rate(): number;
}

interface Sample {
  s: number;
  b: number;
}

/** A clock that estimates rate over the last `window` observations spanning at least `minSpanMs`. */
export function createServerClock(window = 10, minSpanMs = 2000): ServerClock {
  let samples: Sample[] = [];
  let rate = 1;
  return {
    observe(s, b) {
      if (!Number.isFinite(s) || !Number.isFinite(b)) return;
      const last = samples[samples.length - 1];
      // the server clock went backwards (restart, new shift): forget what was learnt
      if (last && s < last.s) samples = [];
      samples.push({ s, b });
      if (samples.length > window) samples.shift();
      const first = samples[0];
      const span = b - first.b;
      if (span >= minSpanMs) rate = Math.min(1000, Math.max(0.001, (s - first.s) / span));
      else if (samples.length === 1) rate = 1;
    },
    now(b) {
      const last = samples[samples.length - 1];
      return last ? last.s + rate * (b - last.b) : b;
    },
    rate: () => rate,
  };
}
