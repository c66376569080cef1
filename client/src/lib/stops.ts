import type { Stop } from '../../../contracts/domain.js';

/** A run of consecutive stops shown as one line (a sweeper's route names the same road many times). */
export interface StopGroup {
  /** 0-based index of the first stop of the run in the assignment */
  index: number;
  count: number;
  stop: Stop;
}

/** Groups consecutive stops of the same kind and label; other stops stay one per group. */
export function groupStops(stops: readonly Stop[], offset = 0): StopGroup[] {
  const out: StopGroup[] = [];
  stops.forEach((s, i) => {
    const last = out[out.length - 1];
    if (last && s.label && last.stop.kind === s.kind && last.stop.label === s.label && last.index + last.count === offset + i) {
      last.count++;
    } else {
      out.push({ index: offset + i, count: 1, stop: s });
    }
  });
  return out;
}
