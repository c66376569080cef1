/** Greedy maximal covering with a 1-swap improvement pass: the fallback when the MIP is too big or slow. */
import { coveredBy } from './coverage.js';
import type { SquadProblem } from './types.js';

/** Up to k post indices: repeatedly the cell adding most uncovered demand, then swaps while any helps. */
export function greedyPosts(p: SquadProblem, covers: number[][], k: number): number[] {
  const n = p.cells.length;
  const w = p.cells.map((c) => Math.max(0, c.expected));
  const hitCount = new Int32Array(n);
  const posts: number[] = [];
  const gain = (j: number): number => {
    let g = 0;
    for (const i of covers[j]) if (hitCount[i] === 0) g += w[i];
    return g;
  };
  while (posts.length < Math.min(k, n)) {
    let bestJ = -1;
    let bestG = 0;
    for (let j = 0; j < n; j++) {
      if (posts.includes(j)) continue;
      const g = gain(j);
      if (g > bestG + 1e-12) {
        bestG = g;
        bestJ = j;
      }
    }
    if (bestJ < 0) break;
    posts.push(bestJ);
    for (const i of covers[bestJ]) hitCount[i]++;
  }
  // swap a post for a non-post while coverage strictly grows
  let cur = coveredBy(p, covers, posts);
  for (let improved = true; improved; ) {
    improved = false;
    for (let a = 0; a < posts.length && !improved; a++) {
      for (let j = 0; j < n && !improved; j++) {
        if (posts.includes(j)) continue;
        const trial = posts.slice();
        trial[a] = j;
        const c = coveredBy(p, covers, trial);
        if (c > cur + 1e-9) {
          posts[a] = j;
          cur = c;
          improved = true;
        }
      }
    }
  }
  return posts;
}
