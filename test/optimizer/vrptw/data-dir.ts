/** Locates the shared benchmark data; tests skip without it, except in CI where they must fail. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Root of the shared data folder (CITYFLEET_DATA_DIR or ../shared/data beside the repo). */
export const DATA_DIR = process.env.CITYFLEET_DATA_DIR ?? join(repo, '..', 'shared', 'data');

/** True when `sub` exists under the data folder; throws in CI when it does not. */
export function hasData(sub: string): boolean {
  const ok = existsSync(join(DATA_DIR, sub));
  if (!ok && process.env.CI) throw new Error(`benchmark data ${join(DATA_DIR, sub)} is missing (required in CI)`);
  if (!ok) console.warn(`skipping: benchmark data ${join(DATA_DIR, sub)} not found (set CITYFLEET_DATA_DIR)`);
  return ok;
}
