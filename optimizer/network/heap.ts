/**
 * Indexed binary min-heap over node ids 0..capacity-1 with decrease-key, on typed arrays so a
 * Dijkstra run allocates nothing. `pos[v]` is v's slot in the heap, or -1 when v is not in it.
 */
export class NodeHeap {
  private readonly keys: Float64Array;
  private readonly items: Int32Array;
  private readonly pos: Int32Array;
  private n = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.items = new Int32Array(capacity);
    this.pos = new Int32Array(capacity).fill(-1);
  }

  get size(): number {
    return this.n;
  }

  /** Empty the heap, forgetting every queued node. */
  clear(): void {
    for (let i = 0; i < this.n; i++) this.pos[this.items[i]] = -1;
    this.n = 0;
  }

  /** Insert v with key k, or lower v's key to k if v is queued with a larger key. */
  push(v: number, k: number): void {
    let i = this.pos[v];
    if (i < 0) {
      i = this.n++;
    } else if (k >= this.keys[i]) {
      return;
    }
    this.siftUp(i, v, k);
  }

  /** Key of the minimum; only valid when size > 0. */
  minKey(): number {
    return this.keys[0];
  }

  /** Remove and return the node with the smallest key; only valid when size > 0. */
  pop(): number {
    const top = this.items[0];
    this.pos[top] = -1;
    const last = --this.n;
    if (last > 0) this.siftDown(this.items[last], this.keys[last]);
    return top;
  }

  private siftUp(i: number, v: number, k: number): void {
    const { keys, items, pos } = this;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] <= k) break;
      keys[i] = keys[p];
      items[i] = items[p];
      pos[items[i]] = i;
      i = p;
    }
    keys[i] = k;
    items[i] = v;
    pos[v] = i;
  }

  private siftDown(v: number, k: number): void {
    const { keys, items, pos } = this;
    const n = this.n;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && keys[c + 1] < keys[c]) c++;
      if (keys[c] >= k) break;
      keys[i] = keys[c];
      items[i] = items[c];
      pos[items[i]] = i;
      i = c;
    }
    keys[i] = k;
    items[i] = v;
    pos[v] = i;
  }
}
