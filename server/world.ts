import type { Logger } from 'pino';
import type { Town } from '../fixtures/types.js';
import type { RoadGraph, Snapper } from '../optimizer/network/index.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { FleetState } from './live/fleet-state.js';
import type { Adapters } from './ports.js';

/** Counters behind the KPIs, kept by the parts that observe them. */
export interface Counters {
  kitchenCollectedKg: number;
  replans: number;
  /** fixes accepted in the last few seconds, for fixes/s */
  recentAccepted: { at: number; n: number }[];
}

/** Everything a running server holds, built once in the composition root and passed to the parts. */
export interface World {
  config: Config;
  town: Town;
  network: Town['network'];
  graph: RoadGraph;
  snapper: Snapper;
  fleet: FleetState;
  adapters: Adapters;
  clock: Clock;
  log: Logger;
  counters: Counters;
}
