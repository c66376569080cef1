import { describe, expect, it } from 'vitest';
import type { Incident } from '../../contracts/domain.js';
import { formatClock, formatCountdown, formatDistance, formatKg, sortIncidentQueue } from '../../client/src/lib/format.js';
import { reasonText } from '../../client/src/lib/labels.js';

describe('formatCountdown', () => {
  it('shows minutes and seconds left', () => {
    expect(formatCountdown(125_000, 0)).toBe('2:05');
  });
  it('adds hours for long limits', () => {
    expect(formatCountdown(3_725_000, 0)).toBe('1:02:05');
  });
  it('goes negative once the deadline has passed', () => {
    expect(formatCountdown(0, 61_000)).toBe('-1:01');
  });
});

describe('formatClock', () => {
  it('uses the town offset, not the browser time zone', () => {
    // 2024-01-01T01:30:00Z is 09:30 in China (UTC+8)
    expect(formatClock(Date.UTC(2024, 0, 1, 1, 30), 480)).toBe('09:30');
    expect(formatClock(Date.UTC(2024, 0, 1, 23, 5), 480)).toBe('07:05');
  });
  it('shows a placeholder for a missing time', () => {
    expect(formatClock(undefined, 480)).toBe('--:--');
  });
});

describe('units', () => {
  it('switches kg to tonnes above 10 t', () => {
    expect(formatKg(8400)).toBe('8400 kg');
    expect(formatKg(30_000)).toBe('30.0 t');
  });
  it('switches metres to km at 1 km', () => {
    expect(formatDistance(850)).toBe('850 m');
    expect(formatDistance(12_340)).toBe('12.3 km');
  });
});

describe('sortIncidentQueue', () => {
  const inc = (id: string, status: Incident['status'], deadline: number, closedAt?: number): Incident => ({
    id, type: 'illegal_parking', lat: 0, lon: 0, source: 'hotline', status, createdAt: 0, deadline, closedAt, history: [],
  });
  it('puts incidents waiting for a unit first by deadline, then those with a unit on scene, then closed ones newest first', () => {
    const order = sortIncidentQueue([
      inc('c-old', 'closed', 1, 100),
      inc('late', 'dispatched', 50),
      inc('c-new', 'cancelled', 2, 900),
      inc('soon', 'accepted', 80),
      inc('reached', 'on_scene', 10),
      inc('done', 'handled', 5),
    ]).map((i) => i.id);
    expect(order).toEqual(['late', 'soon', 'done', 'reached', 'c-new', 'c-old']);
  });
});

describe('reasonText', () => {
  const table: Record<string, string> = { 'reason.incident': '新案件', 'reason.breakdown': '车辆故障' };
  it('translates each part of a batched reason once and keeps unknown parts raw', () => {
    expect(reasonText('incident,breakdown,incident,mystery', (k) => table[k], '、')).toBe('新案件、车辆故障、mystery');
  });
  it('returns an empty string for no reason', () => {
    expect(reasonText('', (k) => table[k])).toBe('');
  });
});
