/** Enforcement-squad placement: which grid cells squads stand in so that expected incidents are reachable fast. */

export interface SquadProblem {
  squads: number;
  /** grid cells with the number of incidents expected there (e.g. per shift) */
  cells: { id: number; expected: number }[];
  /** reachS[j][i]: travel seconds from a post in cells[j] to cells[i] (indices into `cells`) */
  reachS: number[][];
  /** a cell counts as covered when a post reaches it within this many seconds (e.g. 600) */
  radiusS: number;
}

export interface SquadPlan {
  /** cell ids, one per squad (a cell repeats when squads outnumber useful posts) */
  posts: number[];
  /** expected incidents in covered cells */
  covered: number;
  method: string;
}

export interface SquadOptions {
  /** MIP solver budget, ms (default 2000); the greedy answer is used when it runs out */
  timeoutMs?: number;
  /** skip the MIP above this many cells (default 300) */
  maxMipCells?: number;
  /** skip the MIP when the coverage sets hold more entries than this (default 5000): the simplex itself ignores the budget */
  maxMipNonzeros?: number;
}
