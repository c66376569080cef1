import { SPEED_KMH } from '../../../optimizer/network/types.js';
import type { RoadNetwork } from '../../../optimizer/network/types.js';

/** Floyd-Warshall fastest times (and the distance along one fastest path) straight from the segments. */
export function floydWarshall(net: RoadNetwork): { time: Float64Array; dist: Float64Array; n: number } {
  const n = net.nodes.length;
  const time = new Float64Array(n * n).fill(Infinity);
  const dist = new Float64Array(n * n).fill(Infinity);
  for (let i = 0; i < n; i++) {
    time[i * n + i] = 0;
    dist[i * n + i] = 0;
  }
  const edge = (u: number, v: number, t: number, d: number): void => {
    if (t < time[u * n + v]) {
      time[u * n + v] = t;
      dist[u * n + v] = d;
    }
  };
  for (const s of net.segments) {
    const t = s.lengthM / (SPEED_KMH[s.roadClass] / 3.6);
    edge(s.from, s.to, t, s.lengthM);
    if (!s.oneway) edge(s.to, s.from, t, s.lengthM);
  }
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      const tik = time[i * n + k];
      if (tik === Infinity) continue;
      for (let j = 0; j < n; j++) {
        const t = tik + time[k * n + j];
        if (t < time[i * n + j]) {
          time[i * n + j] = t;
          dist[i * n + j] = dist[i * n + k] + dist[k * n + j];
        }
      }
    }
  }
  return { time, dist, n };
}

/** Travel time and length of a list of arcs, recomputed from the network's segments. */
export function pathCost(net: RoadNetwork, segmentIds: readonly number[]): { timeS: number; distM: number } {
  let timeS = 0;
  let distM = 0;
  for (const id of segmentIds) {
    const s = net.segments[id];
    timeS += s.lengthM / (SPEED_KMH[s.roadClass] / 3.6);
    distM += s.lengthM;
  }
  return { timeS, distM };
}
