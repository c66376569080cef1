/**
 * Uniform bucket grid over planar (metre) coordinates. Items are registered by bounding box and
 * stored CSR-style: the items of cell c are `items[start[c] .. start[c + 1] - 1]`.
 */
export interface GridIndex {
  x0: number;
  y0: number;
  cellM: number;
  nx: number;
  ny: number;
  start: Int32Array;
  items: Int32Array;
}

/** Item bounding boxes as parallel arrays: item i spans [minX[i], maxX[i]] x [minY[i], maxY[i]]. */
export interface ItemBoxes {
  minX: Float64Array;
  minY: Float64Array;
  maxX: Float64Array;
  maxY: Float64Array;
}

const MAX_CELLS = 1 << 22;

/** Bucket every item into each cell its box touches; cell size adapts to item density. */
export function buildGridIndex(boxes: ItemBoxes, cellHintM: number): GridIndex {
  const n = boxes.minX.length;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const usable = (i: number): boolean => Number.isFinite(boxes.minX[i] + boxes.minY[i] + boxes.maxX[i] + boxes.maxY[i]);
  for (let i = 0; i < n; i++) {
    if (!usable(i)) continue; // an item without a position cannot be found by position
    x0 = Math.min(x0, boxes.minX[i]);
    y0 = Math.min(y0, boxes.minY[i]);
    x1 = Math.max(x1, boxes.maxX[i]);
    y1 = Math.max(y1, boxes.maxY[i]);
  }
  if (!(x0 <= x1)) {
    x0 = y0 = x1 = y1 = 0;
  }
  let cellM = cellHintM >= 1 ? cellHintM : 100;
  while (Math.ceil((x1 - x0) / cellM + 1e-9) * Math.ceil((y1 - y0) / cellM + 1e-9) > MAX_CELLS) cellM *= 1.5;
  const nx = Math.max(1, Math.ceil((x1 - x0) / cellM + 1e-9));
  const ny = Math.max(1, Math.ceil((y1 - y0) / cellM + 1e-9));
  const cellOf = (v: number, o: number, max: number): number => Math.min(max - 1, Math.max(0, Math.floor((v - o) / cellM)));

  const count = new Int32Array(nx * ny + 1);
  const forEachCell = (i: number, fn: (c: number) => void): void => {
    if (!usable(i)) return;
    const ax = cellOf(boxes.minX[i], x0, nx);
    const bx = cellOf(boxes.maxX[i], x0, nx);
    const ay = cellOf(boxes.minY[i], y0, ny);
    const by = cellOf(boxes.maxY[i], y0, ny);
    for (let cy = ay; cy <= by; cy++) for (let cx = ax; cx <= bx; cx++) fn(cy * nx + cx);
  };
  for (let i = 0; i < n; i++) forEachCell(i, (c) => count[c + 1]++);
  for (let c = 0; c < nx * ny; c++) count[c + 1] += count[c];
  const start = count;
  const fill = start.slice(0, nx * ny);
  const items = new Int32Array(start[nx * ny]);
  for (let i = 0; i < n; i++) forEachCell(i, (c) => (items[fill[c]++] = i));
  return { x0, y0, cellM, nx, ny, start, items };
}

/**
 * Visit the cells of the grid in square rings of growing Chebyshev radius around (x, y). Before
 * each ring, `stopAt(lowerBoundM)` is asked whether anything in that ring (and all further rings,
 * which are at least that far) could still matter; returning true ends the walk.
 */
export function walkRings(
  grid: GridIndex,
  x: number,
  y: number,
  visitCell: (cell: number) => void,
  stopAt: (lowerBoundM: number) => boolean,
): void {
  const { x0, y0, cellM, nx, ny } = grid;
  const fx = (x - x0) / cellM;
  const fy = (y - y0) / cellM;
  const cx = Math.floor(fx);
  const cy = Math.floor(fy);
  // how far the point sits inside its own cell bounds every ring's distance from below
  const gap = Math.max(0, Math.min(fx - cx, cx + 1 - fx, fy - cy, cy + 1 - fy)) * cellM;
  const rStart = Math.max(0, cx - (nx - 1), -cx, cy - (ny - 1), -cy);
  const rEnd = Math.max(cx, nx - 1 - cx, cy, ny - 1 - cy, rStart);
  for (let r = rStart; r <= rEnd; r++) {
    const lb = r === 0 ? 0 : (r - 1) * cellM + gap;
    if (stopAt(lb)) return;
    const yLo = Math.max(0, cy - r);
    const yHi = Math.min(ny - 1, cy + r);
    for (let gy = yLo; gy <= yHi; gy++) {
      const row = gy * nx;
      if (gy === cy - r || gy === cy + r) {
        const xLo = Math.max(0, cx - r);
        const xHi = Math.min(nx - 1, cx + r);
        for (let gx = xLo; gx <= xHi; gx++) visitCell(row + gx);
      } else {
        if (cx - r >= 0 && cx - r < nx) visitCell(row + cx - r);
        if (r > 0 && cx + r >= 0 && cx + r < nx) visitCell(row + cx + r);
      }
    }
  }
}
