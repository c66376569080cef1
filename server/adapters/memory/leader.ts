import type { LeaderPort } from '../../ports.js';

/** A single process is always the leader. */
export function createSoleLeader(): LeaderPort {
  return { isLeader: () => true, onChange: () => {}, close: async () => {} };
}
