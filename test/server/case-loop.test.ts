import { describe, expect, it } from 'vitest';
import type { CaseEvent, Incident } from '../../contracts/domain.js';
import { DEFAULT_LIMITS_MIN, lateness, maskContact, parseIncidentLimits, transitionError } from '../../server/dispatch/case-loop.js';
import { caseFigures, incidentReport, quantile, reportCsv } from '../../server/dispatch/incident-report.js';

const MIN = 60_000;

/** A case created at 0 with a 30-minute limit and the given steps (minute, step). */
function kase(id: string, steps: [number, CaseEvent['step']][], extra: Partial<Incident> = {}): Incident {
  const i: Incident = { id, type: 'illegal_parking', lat: 0, lon: 0, source: 'hotline', status: 'accepted', createdAt: 0, deadline: 30 * MIN, history: [], ...extra };
  for (const [m, step] of steps) {
    i.history.push({ step, at: m * MIN, by: 'system' });
    if (step === 'dispatch') i.status = 'dispatched';
    if (step === 'arrive') {
      i.status = 'on_scene';
      i.arrivedAt = m * MIN;
    }
    if (step === 'handle') i.status = 'handled';
    if (step === 'close') {
      i.status = 'closed';
      i.closedAt = m * MIN;
    }
    if (step === 'cancel') {
      i.status = 'cancelled';
      i.closedAt = m * MIN;
    }
  }
  return i;
}

describe('case loop rules', () => {
  it('masks phone numbers, e-mail addresses and other contacts', () => {
    expect(maskContact('13812345678')).toBe('138****5678');
    expect(maskContact('+86 138-1234-5678')).toBe('138****5678');
    expect(maskContact('0755 8888')).toBe('******88');
    expect(maskContact('zhang.san@example.cn')).toBe('z***@example.cn');
    expect(maskContact('wx_zhangsan')).toBe('w********');
    expect(maskContact('13812345678')).not.toContain('1234');
  });

  it('parses INCIDENT_LIMITS over the defaults and names a bad pair', () => {
    const l = parseIncidentLimits('illegal_parking=20, road_debris=90');
    expect(l.illegal_parking).toBe(20);
    expect(l.road_debris).toBe(90);
    expect(l.street_vending).toBe(DEFAULT_LIMITS_MIN.street_vending);
    expect(parseIncidentLimits(undefined)).toEqual(DEFAULT_LIMITS_MIN);
    expect(() => parseIncidentLimits('alien_landing=5')).toThrow(/unknown incident type "alien_landing"/);
    expect(() => parseIncidentLimits('illegal_parking=0')).toThrow(/between 1 and/);
    expect(() => parseIncidentLimits('illegal_parking:30')).toThrow(/not type=minutes/);
  });

  it('allows the loop in order, feedback before close, and revisit only by a dispatcher', () => {
    const i = kase('a', [[0, 'accept'], [2, 'dispatch'], [9, 'arrive']]);
    expect(transitionError(i, 'feedback')).toMatch(/cannot follow arrive \(allowed: handle, cancel\)/);
    expect(transitionError(i, 'handle', 'driver:T01')).toBeUndefined();
    const h = kase('b', [[0, 'accept'], [2, 'dispatch'], [9, 'arrive'], [15, 'handle']]);
    expect(transitionError(h, 'close')).toMatch(/cannot follow handle/);
    expect(transitionError(h, 'cancel')).toMatch(/cannot follow handle/);
    const f = kase('c', [[0, 'accept'], [2, 'dispatch'], [9, 'arrive'], [15, 'handle'], [16, 'feedback']]);
    expect(transitionError(f, 'revisit', 'driver:T01')).toMatch(/recorded by dispatcher, not driver/);
    expect(transitionError(f, 'revisit', 'dispatcher:li')).toBeUndefined();
    expect(transitionError(f, 'close', 'system')).toBeUndefined();
    const done = kase('d', [[0, 'accept'], [5, 'cancel']]);
    expect(transitionError(done, 'arrive')).toMatch(/is cancelled/);
  });

  it('names the phase that was running when the limit passed', () => {
    // nobody free for 35 minutes
    expect(lateness(kase('w', [[0, 'accept'], [35, 'dispatch'], [40, 'arrive']]), 41 * MIN)).toEqual({ reason: 'no_unit_free', byS: 11 * 60 });
    // dispatched at once, stuck in traffic
    expect(lateness(kase('t', [[0, 'accept'], [1, 'dispatch'], [33, 'arrive']]), 34 * MIN)?.reason).toBe('travel');
    // on scene in time, the tow took long
    expect(lateness(kase('h', [[0, 'accept'], [1, 'dispatch'], [10, 'arrive'], [45, 'handle'], [50, 'feedback'], [52, 'close']]), 60 * MIN)).toEqual({ reason: 'handling', byS: 22 * 60 });
    // closed in time: not late, however late "now" is
    expect(lateness(kase('ok', [[0, 'accept'], [1, 'dispatch'], [10, 'arrive'], [12, 'handle'], [13, 'feedback'], [14, 'close']]), 500 * MIN)).toBeUndefined();
    // still open, limit not reached yet
    expect(lateness(kase('open', [[0, 'accept']]), 29 * MIN)).toBeUndefined();
  });
});

describe('incident figures', () => {
  it('quantile is nearest rank', () => {
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5);
    expect(quantile([], 0.5)).toBe(0);
  });

  it('counts response times, on-time closure and tows per cell and day', () => {
    const cases = [
      kase('1', [[0, 'accept'], [1, 'dispatch'], [4, 'arrive'], [10, 'handle'], [20, 'feedback'], [25, 'close']]), // on time, 4 min
      kase('2', [[0, 'accept'], [1, 'dispatch'], [12, 'arrive'], [20, 'handle'], [40, 'feedback'], [41, 'close']]), // late in follow-up, 12 min
      kase('3', [[0, 'accept'], [40, 'dispatch']]), // open, late: nobody free
      kase('4', [[0, 'accept'], [3, 'cancel']]),
      kase('5', [[0, 'accept'], [1, 'dispatch'], [8, 'arrive'], [9, 'handle'], [10, 'feedback'], [11, 'close']], { type: 'road_debris', lat: 1 }),
    ];
    const f = caseFigures(cases, 50 * MIN);
    expect(f).toMatchObject({ cases: 5, closed: 3, cancelled: 1, judged: 4, onTimeRate: 50, reached: 3, meanResponseMin: 8, p50ResponseMin: 8, p95ResponseMin: 12 });
    expect(f.late).toEqual({ no_unit_free: 1, travel: 0, handling: 0, follow_up: 1 });
    const rep = incidentReport(cases, 0, 60 * MIN, { now: 50 * MIN, utcOffsetMin: 480, cells: [{ id: 1, name: 'A' }, { id: 2, name: 'B' }], cellOf: (lat) => (lat > 0.5 ? 2 : 1) });
    expect(rep.responseHistogram.reduce((a, b) => a + b.count, 0)).toBe(3);
    expect(rep.responseHistogram[0]).toEqual({ fromMin: 0, toMin: 5, count: 1 });
    expect(rep.towsPerDay).toEqual([{ day: '1970-01-01', tows: 2 }]);
    expect(rep.byCell.map((c) => [c.name, c.cases, c.tows])).toEqual([['A', 4, 2], ['B', 1, 0]]);
    expect(rep.byType.find((t) => t.type === 'road_debris')?.onTimeRate).toBe(100);
    const csv = reportCsv(rep).split('\r\n');
    expect(csv[0].split(',').slice(0, 4)).toEqual(['cell_id', 'cell', 'cases', 'closed']);
    expect(csv[1].startsWith('1,A,4,2,1,33.3,')).toBe(true);
    expect(csv).toContain('1970-01-01,2');
  });
});

describe('INCIDENT_LIMITS configuration', () => {
  it('is checked at start with a clear message', async () => {
    const { loadConfig } = await import('../../server/config.js');
    expect(loadConfig({ INCIDENT_LIMITS: 'illegal_parking=20' }).incidentLimits).toBe('illegal_parking=20');
    expect(() => loadConfig({ INCIDENT_LIMITS: 'illegal_parking' })).toThrow(/INCIDENT_LIMITS=.*type=minutes/);
  });
});

describe('squad forecast', () => {
  it('weighs past cases by hour of day and age', async () => {
    const { forecastByCell } = await import('../../server/dispatch/squad-posts.js');
    const H = 3_600_000;
    const now = 100 * 24 * H + 9 * H; // 09:00 UTC on day 100
    const at = (daysAgo: number, hour: number, cell: number): Incident => ({ ...kase(`f${daysAgo}-${hour}-${cell}`, [[0, 'accept']]), createdAt: now - daysAgo * 24 * H + (hour - 9) * H, lat: cell });
    const cases = [at(1, 9, 1), at(1, 9, 1), at(1, 15, 2), at(1, 15, 2), at(1, 15, 2), at(1, 10, 3), at(20, 9, 4)];
    const f = forecastByCell(cases, (i) => i.lat, now, [1, 2, 3, 4, 5]);
    // same hour beats more cases at another hour; the neighbouring hour counts half; old cases fade
    expect(f.get(1)!).toBeGreaterThan(f.get(2)!);
    expect(f.get(2)).toBe(f.get(5));
    // one case at the neighbouring hour against two at the same hour, an hour apart in age
    expect((f.get(3)! - f.get(5)!) / (f.get(1)! - f.get(5)!)).toBeCloseTo(0.25, 2);
    expect(f.get(4)!).toBeGreaterThan(f.get(5)!);
    expect(f.get(4)! - f.get(5)!).toBeLessThan((f.get(1)! - f.get(5)!) / 2);
  });
});
