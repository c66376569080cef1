import { haversineM } from '../../../optimizer/util/geo.js';
import { createRng } from '../../../optimizer/util/rng.js';
import type { RoadClass, RoadNetwork, RoadSegment } from '../../../optimizer/network/types.js';

/** Metres per character cell of an ASCII map. */
export const CELL_M = 25;
const LAT0 = 22.7;
const LON0 = 114.2;
const DLAT = CELL_M / 111195;
const DLON = CELL_M / (111195 * Math.cos(LAT0 * Math.PI / 180));

/**
 * Parse a street map drawn in ASCII into a RoadNetwork. Letters are intersections; `-` and `|`
 * are local streets, `=` and `!` arterials; `>` `<` `v` `^` inside a street make it one-way in
 * that direction. Each character is CELL_M metres. Returns the network and node ids by letter.
 */
export function parseAsciiMap(map: string): { net: RoadNetwork; id: Record<string, number> } {
  const rows = map.split('\n').filter((l) => l.trim().length > 0);
  const indent = Math.min(...rows.map((l) => l.length - l.trimStart().length));
  const grid = rows.map((l) => l.slice(indent));
  const id: Record<string, number> = {};
  const net: RoadNetwork = { nodes: [], segments: [], cells: [], bbox: [0, 0, 0, 0] };
  const at = (r: number, c: number): string => grid[r]?.[c] ?? ' ';
  grid.forEach((line, r) => {
    [...line].forEach((ch, c) => {
      if (/[A-Za-z]/.test(ch) && !'v'.includes(ch)) {
        if (id[ch] !== undefined) throw new Error(`letter ${ch} used twice`);
        id[ch] = net.nodes.length;
        net.nodes.push({ id: id[ch], lat: LAT0 - r * DLAT, lon: LON0 + c * DLON });
      }
    });
  });
  const addStreet = (from: string, to: string, body: string, fwd: string, bwd: string, arterial: string): void => {
    const oneFwd = body.includes(fwd);
    const oneBwd = body.includes(bwd);
    if (oneFwd && oneBwd) throw new Error(`street ${from}${to} points both ways`);
    const [a, b] = oneBwd ? [id[to], id[from]] : [id[from], id[to]];
    const roadClass: RoadClass = body.includes(arterial) ? 'arterial' : 'local';
    addSegment(net, a, b, roadClass, oneFwd || oneBwd);
  };
  grid.forEach((line, r) => {
    [...line].forEach((ch, c) => {
      if (id[ch] === undefined) return;
      let k = c + 1;
      while ('-=<>'.includes(at(r, k)) && at(r, k) !== ' ') k++;
      if (k > c + 1 && id[at(r, k)] !== undefined) addStreet(ch, at(r, k), line.slice(c + 1, k), '>', '<', '=');
      let j = r + 1;
      let body = '';
      while ('|!v^'.includes(at(j, c)) && at(j, c) !== ' ') body += at(j++, c);
      if (j > r + 1 && id[at(j, c)] !== undefined) addStreet(ch, at(j, c), body, 'v', '^', '!');
    });
  });
  return { net, id };
}

/** Append a straight segment between two nodes, length from their positions. */
export function addSegment(net: RoadNetwork, from: number, to: number, roadClass: RoadClass, oneway: boolean, lengthM?: number): RoadSegment {
  const a = net.nodes[from];
  const b = net.nodes[to];
  const seg: RoadSegment = {
    id: net.segments.length,
    from,
    to,
    lengthM: lengthM ?? haversineM(a.lat, a.lon, b.lat, b.lon),
    roadClass,
    oneway,
    geometry: [
      [a.lat, a.lon],
      [b.lat, b.lon],
    ],
    cellId: 0,
  };
  net.segments.push(seg);
  return seg;
}

/**
 * A random road network from a seed: nodes scattered over about sizeM x sizeM metres, segments
 * between near neighbours, some one-way, some with bent geometry; with `dirty`, some lengths are
 * shorter than the straight line (bad data the router must survive).
 */
export function randomNetwork(seed: number, nodes: number, segments: number, opts: { sizeM?: number; dirty?: boolean } = {}): RoadNetwork {
  const rng = createRng(seed);
  const size = opts.sizeM ?? 2000;
  const net: RoadNetwork = { nodes: [], segments: [], cells: [], bbox: [0, 0, 0, 0] };
  for (let i = 0; i < nodes; i++) {
    net.nodes.push({ id: i, lat: LAT0 + (rng.next() * size) / 111195, lon: LON0 + (rng.next() * size) / (111195 * Math.cos(LAT0 * Math.PI / 180)) });
  }
  const classes: RoadClass[] = ['arterial', 'collector', 'local', 'alley'];
  for (let s = 0; s < segments; s++) {
    const from = rng.int(nodes);
    let to = rng.int(nodes);
    // mostly near neighbours, like streets
    for (let tries = 0; tries < 6; tries++) {
      const cand = rng.int(nodes);
      if (dist(net, from, cand) < dist(net, from, to) && cand !== from) to = cand;
    }
    const seg = addSegment(net, from, to, rng.pick(classes), rng.next() < 0.3);
    seg.lengthM *= 1 + rng.next() * 0.3;
    if (opts.dirty && rng.next() < 0.2) seg.lengthM *= rng.next() * 0.5;
    if (rng.next() < 0.4) {
      const [a, b] = seg.geometry;
      const mid: [number, number] = [(a[0] + b[0]) / 2 + rng.range(-1, 1) * 2e-4, (a[1] + b[1]) / 2 + rng.range(-1, 1) * 2e-4];
      seg.geometry = [a, mid, b];
    }
  }
  return net;
}

function dist(net: RoadNetwork, u: number, v: number): number {
  const a = net.nodes[u];
  const b = net.nodes[v];
  return haversineM(a.lat, a.lon, b.lat, b.lon);
}
