import type { Fleet, IncidentType, VehicleStatus } from '../../../contracts/domain.js';

/** Fill colour per fleet, chosen to stay apart on a dark map and for common colour-vision deficiencies. */
export const FLEET_COLORS: Record<Fleet, string> = {
  sweeper: '#22d3ee',
  tow: '#f59e0b',
  kitchen: '#a78bfa',
  squad: '#f472b6',
};

/** Outline / badge colour per vehicle status. */
export const STATUS_COLORS: Record<VehicleStatus, string> = {
  idle: '#9ca3af',
  enroute: '#f8fafc',
  working: '#22c55e',
  towing: '#fb923c',
  unloading: '#38bdf8',
  broken: '#ef4444',
  offline: '#4b5563',
};

/** Marker colour per incident type. */
export const INCIDENT_COLORS: Record<IncidentType, string> = {
  illegal_parking: '#f97316',
  two_wheeler_parking: '#eab308',
  illegal_dumping: '#a16207',
  road_debris: '#e879f9',
  street_vending: '#2dd4bf',
};

/** Road colour and width by OSM-like class; unknown classes draw as local roads. */
export const ROAD_STYLE: Record<string, { color: string; width: number }> = {
  arterial: { color: '#5b6b7d', width: 3.2 },
  collector: { color: '#4a5766', width: 2.2 },
  local: { color: '#38424e', width: 1.4 },
  alley: { color: '#2b333c', width: 0.9 },
};

export const SWEPT_COLOR = '#22c55e';
export const PLANNED_COLOR = '#0e7490';
export const ROUTE_COLOR = '#fde047';
export const BACKGROUND_COLOR = '#0d1318';
export const WATER_COLOR = '#12304a';

/** Display order of the fleets (the contracts only export types to the client). */
export const FLEET_ORDER: readonly Fleet[] = ['sweeper', 'tow', 'kitchen', 'squad'];

/** Display order of incident types. */
export const INCIDENT_TYPE_ORDER: readonly IncidentType[] = [
  'illegal_parking', 'two_wheeler_parking', 'illegal_dumping', 'road_debris', 'street_vending',
];
