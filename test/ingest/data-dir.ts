/** Where the shared real data lives, and whether a test that needs it may run. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DATA_DIR = process.env.CITYFLEET_DATA_DIR ?? path.resolve(repo, '../shared/data');
export const PROTOCOLS_DIR = path.join(DATA_DIR, 'protocols');

/** True when the protocol vectors are present. Absent in CI is an error, not a skip. */
export function protocolsPresent(): boolean {
  if (existsSync(PROTOCOLS_DIR)) return true;
  if (process.env.CI) throw new Error(`protocol test vectors missing at ${PROTOCOLS_DIR} (set CITYFLEET_DATA_DIR); CI must not skip them`);
  console.warn(`skipping real-packet tests: ${PROTOCOLS_DIR} not found (set CITYFLEET_DATA_DIR to the shared data folder)`);
  return false;
}

export interface Vector {
  id: string;
  check: string;
  hex?: string;
  text?: string;
  attribute_key?: string;
  value?: unknown;
  expected?: Record<string, any>;
  crosscheck_decoded?: Record<string, any>;
  input_hex?: string;
  expected_frame_hex?: string;
  http?: { method: string; path: string; content_type?: string; body?: string };
}

export function loadVectors(rel: string): Vector[] {
  return (JSON.parse(readFileSync(path.join(PROTOCOLS_DIR, rel), 'utf8')) as { vectors: Vector[] }).vectors;
}
