import { haversineM } from '../util/geo.js';
import { SPEED_KMH } from './types.js';
import type { RoadClass, RoadNetwork, RoadSegment } from './types.js';

/** How arc travel times are derived from segments (defaults: SPEED_KMH, no factor). */
export interface TravelTimeOptions {
  /** km/h per road class, overriding SPEED_KMH (e.g. a rush-hour profile) */
  speedKmh?: Partial<Record<RoadClass, number>>;
  /** multiplies a segment's free-flow time (congestion); Infinity closes the segment */
  timeFactor?: (segment: RoadSegment) => number;
}

/**
 * Directed road graph in CSR (compressed sparse row) form. Arc `a` leaves `tail[a]` and enters
 * `head[a]`; the arcs leaving node `v` are `firstOut[v] .. firstOut[v + 1] - 1`. The reverse view
 * lists, for node `v`, the arcs entering it: `inArc[firstIn[v] .. firstIn[v + 1] - 1]`.
 */
export interface RoadGraph {
  nodeCount: number;
  arcCount: number;
  /** length nodeCount + 1 */
  firstOut: Int32Array;
  tail: Int32Array;
  head: Int32Array;
  /** free-flow travel time of the arc, seconds */
  timeS: Float64Array;
  /** length of the arc, metres */
  lenM: Float64Array;
  /** segment the arc was made from */
  segment: Int32Array;
  /** 1 when the arc runs from the segment's `from` to its `to`, 0 when it runs backward */
  forward: Uint8Array;
  /** length nodeCount + 1; reverse adjacency over `inArc` */
  firstIn: Int32Array;
  /** arc ids grouped by head node */
  inArc: Int32Array;
  /** forward arc of each segment (from -> to) */
  segmentFwdArc: Int32Array;
  /** backward arc of each segment (to -> from), -1 for one-way segments */
  segmentBwdArc: Int32Array;
  /** node positions on the unit sphere, for the A* heuristic */
  ux: Float64Array;
  uy: Float64Array;
  uz: Float64Array;
  /**
   * Seconds per metre of straight chord distance that no arc beats: `chordM * secPerChordM` is a
   * lower bound on travel time, so A* stays exact even when a segment's lengthM is shorter than
   * the straight line between its ends (dirty data).
   */
  secPerChordM: number;
}

const EARTH_R = 6371008.8;
const RAD = Math.PI / 180;

/** Build the directed CSR graph (and its reverse view) from a road network. */
export function buildGraph(net: RoadNetwork, opts: TravelTimeOptions = {}): RoadGraph {
  const nodeCount = net.nodes.length;
  const segs = net.segments;
  let arcCount = 0;
  for (const s of segs) arcCount += s.oneway ? 1 : 2;

  const outDeg = new Int32Array(nodeCount + 1);
  for (const s of segs) {
    checkNode(s.from, nodeCount, s.id);
    checkNode(s.to, nodeCount, s.id);
    outDeg[s.from]++;
    if (!s.oneway) outDeg[s.to]++;
  }
  const firstOut = new Int32Array(nodeCount + 1);
  for (let v = 0; v < nodeCount; v++) firstOut[v + 1] = firstOut[v] + outDeg[v];

  const tail = new Int32Array(arcCount);
  const head = new Int32Array(arcCount);
  const timeS = new Float64Array(arcCount);
  const lenM = new Float64Array(arcCount);
  const segment = new Int32Array(arcCount);
  const forward = new Uint8Array(arcCount);
  const segmentFwdArc = new Int32Array(segs.length).fill(-1);
  const segmentBwdArc = new Int32Array(segs.length).fill(-1);
  const fill = firstOut.slice(0, nodeCount);

  const put = (segIdx: number, u: number, v: number, len: number, t: number, fwd: boolean): number => {
    const a = fill[u]++;
    tail[a] = u;
    head[a] = v;
    lenM[a] = len;
    timeS[a] = t;
    segment[a] = segIdx;
    forward[a] = fwd ? 1 : 0;
    return a;
  };
  const timeOf = segmentTimer(opts);
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    const len = Number.isFinite(s.lengthM) && s.lengthM >= 0 ? s.lengthM : geometryLengthM(net, s);
    const t = timeOf(s, len);
    segmentFwdArc[i] = put(i, s.from, s.to, len, t, true);
    if (!s.oneway) segmentBwdArc[i] = put(i, s.to, s.from, len, t, false);
  }

  const { firstIn, inArc } = buildReverse(nodeCount, head);
  const ux = new Float64Array(nodeCount);
  const uy = new Float64Array(nodeCount);
  const uz = new Float64Array(nodeCount);
  for (let v = 0; v < nodeCount; v++) {
    const n = net.nodes[v];
    const la = n.lat * RAD;
    const lo = n.lon * RAD;
    // a node without a usable position stays at the origin, which heuristicScale() detects
    if (!Number.isFinite(la) || !Number.isFinite(lo)) continue;
    ux[v] = Math.cos(la) * Math.cos(lo);
    uy[v] = Math.cos(la) * Math.sin(lo);
    uz[v] = Math.sin(la);
  }

  const g: RoadGraph = {
    nodeCount, arcCount, firstOut, tail, head, timeS, lenM, segment, forward,
    firstIn, inArc, segmentFwdArc, segmentBwdArc, ux, uy, uz, secPerChordM: 0,
  };
  g.secPerChordM = heuristicScale(g);
  return g;
}

/** Fallback for a segment without a usable lengthM: measure its drawn geometry. */
function geometryLengthM(net: RoadNetwork, s: RoadSegment): number {
  const pts = s.geometry?.length >= 2 ? s.geometry : [net.nodes[s.from], net.nodes[s.to]].map((n) => [n.lat, n.lon]);
  let m = 0;
  for (let i = 1; i < pts.length; i++) m += haversineM(pts[i - 1][0], pts[i - 1][1], pts[i][0], pts[i][1]);
  return Number.isFinite(m) ? m : 0;
}

/**
 * The same graph with other travel times (a time-of-day profile, closures): topology arrays are
 * shared, only `timeS` is new, so one graph per time band costs little.
 */
export function withTravelTimes(g: RoadGraph, net: RoadNetwork, opts: TravelTimeOptions): RoadGraph {
  const timeOf = segmentTimer(opts);
  const timeS = new Float64Array(g.arcCount);
  for (let a = 0; a < g.arcCount; a++) timeS[a] = timeOf(net.segments[g.segment[a]], g.lenM[a]);
  const out: RoadGraph = { ...g, timeS, secPerChordM: 0 };
  out.secPerChordM = heuristicScale(out);
  return out;
}

function segmentTimer(opts: TravelTimeOptions): (s: RoadSegment, lenM: number) => number {
  const speeds = { ...SPEED_KMH, ...opts.speedKmh };
  for (const [cls, v] of Object.entries(speeds)) {
    if (!(v > 0)) throw new RangeError(`speed for ${cls} must be > 0 km/h, got ${v}`);
  }
  const factor = opts.timeFactor;
  return (s, lenM) => {
    const t = lenM / ((speeds[s.roadClass] ?? speeds.local) / 3.6);
    if (!factor) return t;
    const f = factor(s);
    if (!(f >= 0)) throw new RangeError(`time factor of segment ${s.id} must be >= 0, got ${f}`);
    return f === Infinity ? Infinity : t * f;
  };
}

/** Largest scale that keeps chord distance x scale below every arc's time (see secPerChordM). */
function heuristicScale(g: RoadGraph): number {
  const { tail, head, timeS, ux, uy, uz } = g;
  let scale = Infinity;
  for (let a = 0; a < g.arcCount; a++) {
    const u = tail[a];
    const v = head[a];
    const chord = EARTH_R * Math.hypot(ux[u] - ux[v], uy[u] - uy[v], uz[u] - uz[v]);
    if (chord > 0) scale = Math.min(scale, timeS[a] / chord);
  }
  // a node without a usable position would make the bound meaningless: fall back to plain Dijkstra
  for (let v = 0; v < g.nodeCount; v++) if (ux[v] * ux[v] + uy[v] * uy[v] + uz[v] * uz[v] < 0.5) scale = 0;
  if (scale === Infinity) scale = 0;
  // shave a hair so rounding never makes the heuristic overestimate
  return scale * (1 - 1e-9);
}

/** Lower bound on travel time in seconds from node u to node v (admissible, consistent). */
export function lowerBoundTimeS(g: RoadGraph, u: number, v: number): number {
  const dx = g.ux[u] - g.ux[v];
  const dy = g.uy[u] - g.uy[v];
  const dz = g.uz[u] - g.uz[v];
  return EARTH_R * Math.sqrt(dx * dx + dy * dy + dz * dz) * g.secPerChordM;
}

/** Straight-line (great-circle) distance in metres between two graph nodes' positions. */
export function nodeDistanceM(net: RoadNetwork, u: number, v: number): number {
  const a = net.nodes[u];
  const b = net.nodes[v];
  return haversineM(a.lat, a.lon, b.lat, b.lon);
}

function buildReverse(nodeCount: number, head: Int32Array): { firstIn: Int32Array; inArc: Int32Array } {
  const firstIn = new Int32Array(nodeCount + 1);
  for (let a = 0; a < head.length; a++) firstIn[head[a] + 1]++;
  for (let v = 0; v < nodeCount; v++) firstIn[v + 1] += firstIn[v];
  const fill = firstIn.slice(0, nodeCount);
  const inArc = new Int32Array(head.length);
  for (let a = 0; a < head.length; a++) inArc[fill[head[a]]++] = a;
  return { firstIn, inArc };
}

function checkNode(v: number, nodeCount: number, segId: number): void {
  if (!Number.isInteger(v) || v < 0 || v >= nodeCount) {
    throw new RangeError(`segment ${segId} refers to node ${v}, outside 0..${nodeCount - 1}`);
  }
}
