import { haversineM } from '../optimizer/util/geo.js';
import { createRng } from '../optimizer/util/rng.js';
import type { RoadClass, RoadNetwork } from '../optimizer/network/types.js';

/**
 * A synthetic town street grid of about `segments` segments: blocks of ~120 m with jittered
 * corners, every 5th street an arterial, some one-way streets and some bent ones.
 */
export function syntheticGrid(segments: number, seed = 1): RoadNetwork {
  const rng = createRng(seed);
  const side = Math.ceil(Math.sqrt(segments / 2)) + 1;
  const lat0 = 22.7;
  const lon0 = 114.2;
  const dLat = 120 / 111195;
  const dLon = 120 / (111195 * Math.cos((lat0 * Math.PI) / 180));
  const net: RoadNetwork = { nodes: [], segments: [], cells: [], bbox: [lat0, lon0, lat0 + side * dLat, lon0 + side * dLon] };
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      net.nodes.push({ id: net.nodes.length, lat: lat0 + (r + rng.range(-0.2, 0.2)) * dLat, lon: lon0 + (c + rng.range(-0.2, 0.2)) * dLon });
    }
  }
  const add = (u: number, v: number, line: number): void => {
    if (net.segments.length >= segments) return;
    const a = net.nodes[u];
    const b = net.nodes[v];
    const cls: RoadClass = line % 5 === 0 ? 'arterial' : line % 5 === 2 ? 'collector' : rng.next() < 0.1 ? 'alley' : 'local';
    const geometry: [number, number][] = [[a.lat, a.lon]];
    if (rng.next() < 0.3) geometry.push([(a.lat + b.lat) / 2 + rng.range(-1, 1) * 1e-4, (a.lon + b.lon) / 2 + rng.range(-1, 1) * 1e-4]);
    geometry.push([b.lat, b.lon]);
    let lengthM = 0;
    for (let i = 1; i < geometry.length; i++) lengthM += haversineM(geometry[i - 1][0], geometry[i - 1][1], geometry[i][0], geometry[i][1]);
    const oneway = cls === 'local' && line % 7 === 3;
    // alternate one-way directions street by street, like a real grid
    const [from, to] = oneway && line % 2 === 0 ? [v, u] : [u, v];
    if (from !== u) geometry.reverse();
    net.segments.push({ id: net.segments.length, from, to, lengthM, roadClass: cls, oneway, geometry, cellId: 0 });
  };
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      const v = r * side + c;
      if (c + 1 < side) add(v, v + 1, r);
      if (r + 1 < side) add(v, v + side, c + 1000);
    }
  }
  return net;
}
