import { describe, expect, it } from 'vitest';
import type { Stop } from '../../contracts/domain.js';
import { groupStops } from '../../client/src/lib/stops.js';

const seg = (id: string, label: string): Stop => ({ kind: 'segment', id, lat: 0, lon: 0, label });

describe('groupStops', () => {
  it('folds consecutive stops on the same road into one line with a count', () => {
    const g = groupStops([seg('1', '龙翔大道'), seg('2', '龙翔大道'), seg('3', '新联路'), seg('4', '龙翔大道')], 36);
    expect(g.map((x) => [x.index, x.count, x.stop.label])).toEqual([
      [36, 2, '龙翔大道'],
      [38, 1, '新联路'],
      [39, 1, '龙翔大道'],
    ]);
  });
  it('never folds stops without a label or of different kinds', () => {
    const g = groupStops([seg('1', ''), seg('2', ''), { ...seg('3', 'x'), kind: 'restaurant' }, seg('4', 'x')]);
    expect(g.map((x) => x.count)).toEqual([1, 1, 1, 1]);
  });
});
