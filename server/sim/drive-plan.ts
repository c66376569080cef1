import type { Assignment } from '../../contracts/domain.js';
import { arcPoints, shortestPath, SPEED_KMH, type RoadGraph, type RoadNetwork } from '../../optimizer/network/index.js';
import { haversineM } from '../../optimizer/util/geo.js';

/** One straight piece of the path a simulated vehicle drives. */
export interface Piece {
  lat1: number;
  lon1: number;
  lat2: number;
  lon2: number;
  lenM: number;
  speedMs: number;
  working: boolean;
}

/** A drivable plan: pieces, and after which piece each stop is reached (with its dwell). */
export interface DrivePlan {
  version: number;
  pieces: Piece[];
  /** stop i is reached at the end of piece stopAt[i] (-1: at the start) */
  stopAt: number[];
  dwellS: number[];
}

/** Brushes-down sweeping speed, m/s. */
const SWEEP_MS = 8 / 3.6;

/** Road nodes a driver passes through for an assignment, in order, with the stop each leg ends at. */
function waypoints(net: RoadNetwork, a: Assignment): { nodes: number[]; stopOfLeg: number[] } {
  const nodes: number[] = [];
  const stopOfLeg: number[] = [];
  a.stops.forEach((s, i) => {
    if (s.done || s.nodeId === undefined) return;
    if (s.kind === 'segment') {
      const seg = net.segments[Number(s.id)];
      nodes.push(seg.from === s.nodeId ? seg.to : seg.from);
      stopOfLeg.push(-1);
    }
    nodes.push(s.nodeId);
    stopOfLeg.push(i);
  });
  return { nodes, stopOfLeg };
}

/**
 * Turns an assignment into the path a driver would follow from `startNode`: fastest paths between
 * the stops' road nodes, at road-class speed, sweeping speed on the segments being swept.
 */
export function buildDrivePlan(net: RoadNetwork, g: RoadGraph, a: Assignment, startNode: number, dwellOf: (stopIndex: number) => number): DrivePlan {
  const sweep = new Set(a.segmentIds ?? []);
  const { nodes, stopOfLeg } = waypoints(net, a);
  const pieces: Piece[] = [];
  const stopAt = a.stops.map(() => -2);
  const dwellS = a.stops.map((_, i) => dwellOf(i));
  let at = startNode;
  nodes.forEach((target, leg) => {
    const path = at === target ? null : shortestPath(g, at, target);
    // the leg that ends at a segment stop is the sweep of that segment; the leg before it is deadheading
    const stop = stopOfLeg[leg] >= 0 ? a.stops[stopOfLeg[leg]] : undefined;
    const sweeping = stop?.kind === 'segment';
    for (const arc of path?.arcs ?? []) {
      const seg = net.segments[g.segment[arc]];
      const pts = arcPoints(net, g, arc);
      const working = sweeping && sweep.has(seg.id);
      for (let k = 0; k + 1 < pts.length; k++) {
        const [lat1, lon1] = pts[k];
        const [lat2, lon2] = pts[k + 1];
        const lenM = haversineM(lat1, lon1, lat2, lon2);
        if (lenM < 0.01) continue;
        pieces.push({ lat1, lon1, lat2, lon2, lenM, speedMs: working ? SWEEP_MS : SPEED_KMH[seg.roadClass] / 3.6, working });
      }
    }
    if (stopOfLeg[leg] >= 0) stopAt[stopOfLeg[leg]] = pieces.length - 1;
    at = target;
  });
  return { version: a.version, pieces, stopAt, dwellS };
}
