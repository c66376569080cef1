/**
 * Where enforcement squads stand: a smoothed forecast of incidents per grid cell for the coming
 * hour, then the maximal covering placement (optimizer/squads) for "reachable within 10 minutes".
 * Re-run every simulated hour by the planner process and on demand; idle squads are sent to
 * their posts, and a squad that finishes a case returns to its post instead of the base.
 */
import type { SquadPlacement, SquadPost } from '../../contracts/api.js';
import type { Incident, Place } from '../../contracts/domain.js';
import { shortestPathTree } from '../../optimizer/network/index.js';
import { placeSquads } from '../../optimizer/squads/index.js';
import type { World } from '../world.js';
import type { AssignmentBook } from './assignment-book.js';

/** A cell counts as covered when a squad reaches it within this time (DOMAIN.md: ~10 minutes). */
export const COVER_RADIUS_S = 600;
/** Past incidents weigh less with age: e-folding time, days. */
const DECAY_DAYS = 7;
/** Every cell expects at least this much, so an empty history still spreads squads over the town. */
const PRIOR = 0.02;
const HOUR_MS = 3_600_000;

/**
 * Expected incidents per cell in the hour starting at `now`: past cases weighted by age (days) and by
 * closeness of their local hour of day to the coming hour (same hour 1, neighbours 0.5).
 */
export function forecastByCell(cases: readonly Incident[], cellOf: (i: Incident) => number, now: number, cellIds: readonly number[]): Map<number, number> {
  const out = new Map(cellIds.map((id) => [id, PRIOR]));
  const hourNow = Math.floor(now / HOUR_MS) % 24;
  let days = 1;
  for (const i of cases) if (i.createdAt < now) days = Math.max(days, Math.ceil((now - i.createdAt) / (24 * HOUR_MS)));
  for (const i of cases) {
    if (i.createdAt >= now) continue;
    const ageDays = (now - i.createdAt) / (24 * HOUR_MS);
    const dh = Math.abs((Math.floor(i.createdAt / HOUR_MS) % 24) - hourNow);
    const hourW = Math.min(dh, 24 - dh) === 0 ? 1 : Math.min(dh, 24 - dh) === 1 ? 0.5 : 0;
    if (!hourW) continue;
    const cell = cellOf(i);
    if (!out.has(cell)) continue;
    // a rate per day of history, so a long history does not inflate the forecast
    out.set(cell, out.get(cell)! + (hourW * Math.exp(-ageDays / DECAY_DAYS)) / Math.min(days, 3 * DECAY_DAYS));
  }
  return out;
}

/** Keeps the current squad posts of one running server. */
export class SquadPlacer {
  current?: SquadPlacement;
  private timer?: ReturnType<typeof setInterval>;
  /** per cell with roads: the node at its middle, and travel seconds between those nodes */
  private cells?: { ids: number[]; node: number[]; reachS: number[][] };

  constructor(
    private readonly world: World,
    private readonly book: AssignmentBook,
    private readonly history: () => Promise<Incident[]>,
  ) {}

  /** Re-places squads every simulated hour while this process plans. */
  start(): void {
    const periodMs = Math.max(10_000, HOUR_MS / this.world.clock.speed);
    this.timer = setInterval(() => {
      if (this.world.adapters.leader.isLeader()) void this.place('schedule').catch((err) => this.world.log.warn({ err }, 'squad placement failed'));
    }, periodMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The post of a squad, if placement has run. */
  postOf(squadId: string): Place | undefined {
    return this.current?.posts.find((p) => p.squadId === squadId)?.place;
  }

  private grid(): { ids: number[]; node: number[]; reachS: number[][] } {
    if (this.cells) return this.cells;
    const w = this.world;
    const withRoads = new Set(w.network.segments.map((s) => s.cellId));
    const cells = w.network.cells.filter((c) => withRoads.has(c.id));
    const node = cells.map((c) => w.snapper.nearestNode((c.bbox[0] + c.bbox[2]) / 2, (c.bbox[1] + c.bbox[3]) / 2));
    const reachS = node.map((n) => {
      const tree = shortestPathTree(w.graph, n, { targets: node });
      return node.map((m) => tree.timeS[m]);
    });
    this.cells = { ids: cells.map((c) => c.id), node, reachS };
    return this.cells;
  }

  /** Forecasts, places and sends idle squads to their posts; returns the placement. */
  async place(reason: string): Promise<SquadPlacement> {
    const w = this.world;
    const { ids, node, reachS } = this.grid();
    const now = w.clock.now();
    const segments = w.network.segments;
    const cellOf = (i: Incident): number => {
      const hit = w.snapper.nearestSegment(i.lat, i.lon, 500);
      return hit ? segments[hit.segmentId].cellId : -1;
    };
    const expected = forecastByCell(await this.history(), cellOf, now, ids);
    const squads = w.fleet.ofFleet('squad').filter((v) => v.status !== 'broken' && v.status !== 'offline');
    const plan = placeSquads({ squads: squads.length, cells: ids.map((id) => ({ id, expected: expected.get(id)! })), reachS, radiusS: COVER_RADIUS_S });
    const name = new Map(w.network.cells.map((c) => [c.id, c.name]));
    const posts: SquadPost[] = squads.map((v, k) => {
      const cellId = plan.posts[k];
      const n = node[ids.indexOf(cellId)];
      const at = w.network.nodes[n];
      return { squadId: v.spec.id, cellId, place: { id: `post-${cellId}`, name: name.get(cellId) ?? `cell ${cellId}`, lat: at.lat, lon: at.lon, nodeId: n } };
    });
    const total = [...expected.values()].reduce((a, b) => a + b, 0);
    this.current = { at: Math.round(now), reason, method: plan.method, covered: Math.round(plan.covered * 100) / 100, expected: Math.round(total * 100) / 100, posts };
    // squads with no case to go to walk to their new post
    for (const p of posts) {
      const v = w.fleet.get(p.squadId)!;
      const next = v.assignment?.stops[v.nextStop];
      if (v.status === 'working' || (next && next.kind === 'incident' && !next.done)) continue;
      const s = p.place;
      await this.book.publish(v.spec.id, { stops: [{ kind: 'post', id: s.id, lat: s.lat, lon: s.lon, nodeId: s.nodeId, label: s.name }], reason: 'posts' });
    }
    w.log.info({ reason, method: plan.method, covered: this.current.covered, expected: this.current.expected }, 'squads placed');
    return this.current;
  }
}
