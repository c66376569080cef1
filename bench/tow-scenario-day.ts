/**
 * One day of cases for the tow scenario benchmark, sized from DOMAIN.md and drawn from a seed:
 * a few hundred parking reports (most cars move on after a warning, about a dozen are towed, two-wheelers
 * more often), plus dumping, debris and vending complaints for the squads. Reports bunch in hot
 * cells and in the morning, lunch and evening peaks. Both dispatch policies replay the same day.
 */
import type { IncidentType } from '../contracts/domain.js';
import type { Town } from '../fixtures/types.js';
import { createRng } from '../optimizer/util/rng.js';

export interface DayCase {
  id: string;
  type: IncidentType;
  /** seconds after the day's start */
  atS: number;
  node: number;
  cellId: number;
  /** decided when the case is drawn, so both policies see the same outcome */
  towed: boolean;
  /** minutes on scene: warning and notice, or loading the vehicle */
  onSceneMin: number;
}

export interface DaySize {
  parkingReports: number;
  squadCases: number;
  /** share of car reports that end in a tow (DOMAIN.md: 137 cars towed of ~6,400 handled) */
  carTowShare: number;
  /** share of two-wheeler reports that end in a tow */
  twoWheelerTowShare: number;
}

/** 300 parking reports, 60 squad cases; ~6 % of cars towed (about a dozen), half the two-wheelers. */
export const DEFAULT_DAY: DaySize = { parkingReports: 300, squadCases: 60, carTowShare: 0.06, twoWheelerTowShare: 0.5 };

/** Relative report rate per hour from 07:00 to 23:00 (morning, lunch and evening peaks). */
const HOURLY = [3, 6, 7, 5, 4, 6, 7, 5, 4, 4, 5, 7, 8, 6, 4, 2];
export const DAY_HOURS = HOURLY.length;

/** Hot cells take this share of the reports; the rest fall anywhere on the roads. */
const HOT_SHARE = 0.6;
const HOT_CELLS = 6;

function drawTimeS(rng: ReturnType<typeof createRng>): number {
  const total = HOURLY.reduce((a, b) => a + b, 0);
  let r = rng.next() * total;
  let h = 0;
  while (h < HOURLY.length - 1 && (r -= HOURLY[h]) >= 0) h++;
  return Math.floor((h + rng.next()) * 3600);
}

/** The day's cases in time order; `seed` fixes the hot cells, times, places and outcomes. */
export function drawDay(town: Town, seed: number, size: DaySize = DEFAULT_DAY): DayCase[] {
  const rng = createRng(seed * 104729 + 7);
  const segs = town.network.segments.filter((s) => s.roadClass !== 'alley' || rng.next() < 0.5);
  const cellIds = [...new Set(segs.map((s) => s.cellId))];
  const hot = new Set(rng.shuffle(cellIds.slice()).slice(0, HOT_CELLS));
  const hotSegs = segs.filter((s) => hot.has(s.cellId));
  const cases: DayCase[] = [];
  const add = (type: IncidentType, towed: boolean, onSceneMin: number): void => {
    const pool = hotSegs.length && rng.next() < HOT_SHARE ? hotSegs : segs;
    const seg = pool[rng.int(pool.length)];
    cases.push({ id: '', type, atS: drawTimeS(rng), node: rng.next() < 0.5 ? seg.from : seg.to, cellId: seg.cellId, towed, onSceneMin });
  };
  for (let k = 0; k < size.parkingReports; k++) {
    const car = rng.next() < 0.75;
    const towed = rng.next() < (car ? size.carTowShare : size.twoWheelerTowShare);
    // a warning, photo and notice take ~5 min; loading a car ~12, a two-wheeler ~6
    add(car ? 'illegal_parking' : 'two_wheeler_parking', towed, towed ? (car ? 12 : 6) : 4 + rng.int(3));
  }
  const squadTypes: IncidentType[] = ['illegal_dumping', 'road_debris', 'street_vending'];
  for (let k = 0; k < size.squadCases; k++) add(squadTypes[rng.int(3)], false, 6 + rng.int(6));
  cases.sort((a, b) => a.atS - b.atS);
  cases.forEach((c, k) => (c.id = `C${String(k + 1).padStart(4, '0')}`));
  return cases;
}
