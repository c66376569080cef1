/** The server's notion of "now" (epoch ms). The demo runs a simulated clock: a shift that starts at a set local time, sped up. */
export interface Clock {
  now(): number;
  /** simulated seconds per real second */
  readonly speed: number;
}

export const realClock: Clock = { now: () => Date.now(), speed: 1 };

/** A clock that starts today at `startLocal` (HH:MM) in the town's time zone and runs `speed` times faster than real time. */
export function simulatedClock(startLocal: string, utcOffsetMin: number, speed: number, realNow = Date.now()): Clock {
  const [h, m] = startLocal.split(':').map(Number);
  const dayStartUtc = Math.floor((realNow + utcOffsetMin * 60_000) / 86_400_000) * 86_400_000 - utcOffsetMin * 60_000;
  const start = dayStartUtc + (h * 60 + m) * 60_000;
  const t0 = performance.now();
  return { now: () => start + (performance.now() - t0) * speed, speed };
}

/** Epoch ms of local midnight of the day containing `ts`. */
export function localMidnight(ts: number, utcOffsetMin: number): number {
  return Math.floor((ts + utcOffsetMin * 60_000) / 86_400_000) * 86_400_000 - utcOffsetMin * 60_000;
}
