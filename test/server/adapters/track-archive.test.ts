import { describe, expect, it } from 'vitest';
import type { Fix } from '../../../contracts/domain.js';
import { TrackArchive } from '../../../server/adapters/memory/track-archive.js';

describe('TrackArchive', () => {
  it('reads back every fix, in order, across growing chunks, with optional fields intact', () => {
    const a = new TrackArchive();
    const fixes: Fix[] = [];
    for (let i = 0; i < 3000; i++) {
      const f: Fix = { vehicleId: i % 3 === 0 ? 'A' : 'B', lat: 22 + i * 1e-6, lon: 114 - i * 1e-6, ts: 1_700_000_000_000 + i };
      if (i % 2) f.speedKmh = i % 50;
      if (i % 5 === 0) f.heading = i % 360;
      if (i % 7 === 0) f.working = i % 14 === 0;
      fixes.push(f);
    }
    a.append(fixes);
    expect(a.count()).toBe(3000);
    expect(a.count('A')).toBe(1000);
    expect(a.read('A')).toEqual(fixes.filter((f) => f.vehicleId === 'A'));
    expect(a.read('B')).toEqual(fixes.filter((f) => f.vehicleId === 'B'));
    const window = a.read('B', 1_700_000_000_100, 1_700_000_000_200);
    expect(window.map((f) => f.ts)).toEqual(fixes.filter((f) => f.vehicleId === 'B' && f.ts >= 1_700_000_000_100 && f.ts <= 1_700_000_000_200).map((f) => f.ts));
    expect(a.read('nobody')).toEqual([]);
  });
});
