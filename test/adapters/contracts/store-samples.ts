import type { Assignment, Fix, Incident } from '../../../contracts/domain.js';

/** An incident with every optional field set, at its first step. */
export function sampleIncident(id: string, createdAt = 1_700_000_000_000): Incident {
  return {
    id,
    type: 'illegal_parking',
    lat: 22.7201,
    lon: 114.2503,
    plate: '粤B12345',
    description: '占用消防通道',
    source: 'hotline',
    status: 'accepted',
    createdAt,
    deadline: createdAt + 30 * 60_000,
    history: [{ step: 'accept', at: createdAt, by: 'system', note: '12345 热线' }],
  };
}

/** The same incident after dispatch and arrival. */
export function advancedIncident(i: Incident): Incident {
  return {
    ...structuredClone(i),
    status: 'on_scene',
    assignedVehicleId: 'tow-1',
    arrivedAt: i.createdAt + 9 * 60_000,
    history: [
      ...structuredClone(i.history),
      { step: 'dispatch', at: i.createdAt + 60_000, by: 'dispatcher:d7' },
      { step: 'arrive', at: i.createdAt + 9 * 60_000, by: 'vehicle:tow-1' },
    ],
  };
}

/** An assignment of a given version with two stops, one with every optional field. */
export function sampleAssignment(vehicleId: string, version: number, reason = 'incident'): Assignment {
  return {
    vehicleId,
    fleet: 'tow',
    version,
    createdAt: 1_700_000_000_000 + version,
    reason,
    stops: [
      { kind: 'incident', id: `i${version}`, lat: 22.72, lon: 114.25, label: 'Longgang Ave 1', nodeId: 17, eta: 1_700_000_600_000, done: false },
      { kind: 'restaurant', id: 'r1', lat: 22.73, lon: 114.26, label: '川菜馆', demandKg: 40.5, windowStart: 1, windowEnd: 2 },
    ],
    segmentIds: [3, 1, 4],
    polyline: '_p~iF~ps|U_ulLnnqC',
    distanceM: 1234.5,
    durationS: 300,
  };
}

/** `n` fixes of one vehicle, one a second from `t0`. */
export function sampleTrack(vehicleId: string, t0: number, n: number): Fix[] {
  return Array.from({ length: n }, (_, i) => ({
    vehicleId,
    ts: t0 + i * 1000,
    lat: 22.72 + i * 1e-5,
    lon: 114.25,
    ...(i % 2 ? { speedKmh: 8, heading: 45, working: true } : {}),
  }));
}
