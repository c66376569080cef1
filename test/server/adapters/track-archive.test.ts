import { describe, expect, it } from 'vitest';
import type { Fix } from '../../../contracts/domain.js';
import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileTrackArchive } from '../../../server/adapters/memory/file-track-archive.js';
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

describe('FileTrackArchive', () => {
  it('reads back what it stored, counts it again after a restart, and drops a record a crash cut short', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-file-tracks-'));
    try {
      const fixes: Fix[] = [];
      for (let i = 0; i < 40_000; i++) {
        const f: Fix = { vehicleId: ['A', 'B', '粤B·7'][i % 3], lat: 22 + i * 1e-6, lon: 114 - i * 1e-6, ts: 1_700_000_000_000 + i };
        if (i % 2) f.speedKmh = (i % 50) / 3;
        if (i % 5 === 0) f.heading = i % 360;
        if (i % 7 === 0) f.working = i % 14 === 0;
        fixes.push(f);
      }
      const a = new FileTrackArchive(dir);
      a.append(fixes.slice(0, 25_000));
      a.append(fixes.slice(25_000));
      expect(a.count()).toBe(40_000);
      expect(a.read('粤B·7')).toEqual(fixes.filter((f) => f.vehicleId === '粤B·7'));
      a.close();
      // a restart, after a crash that left half a record
      appendFileSync(path.join(dir, 'fixes.bin'), Buffer.alloc(20, 1));
      const b = new FileTrackArchive(dir);
      expect(statSync(path.join(dir, 'fixes.bin')).size % 56).toBe(0);
      expect([b.count(), b.count('A'), b.count('B'), b.count('nobody')]).toEqual([40_000, 13_334, 13_333, 0]);
      b.append([{ vehicleId: 'C', lat: 1, lon: 2, ts: 3 }]);
      expect(b.read('C')).toEqual([{ vehicleId: 'C', lat: 1, lon: 2, ts: 3 }]);
      expect(b.read('A', 1_700_000_000_000, 1_700_000_000_010).map((f) => f.ts)).toEqual([0, 3, 6, 9].map((k) => 1_700_000_000_000 + k));
      b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
