import { encode } from '@googlemaps/polyline-codec';
import { describe, expect, it } from 'vitest';
import type { Assignment, Fix, VehicleView } from '../../contracts/domain.js';
import { bboxBounds, boundsOf, decodeRoute, routeLine, stopPoints, vehiclePoints } from '../../client/src/lib/geo.js';

const assignment = (over: Partial<Assignment> = {}): Assignment => ({
  vehicleId: 'T01',
  fleet: 'tow',
  version: 3,
  createdAt: 0,
  reason: 'incident',
  stops: [
    { kind: 'incident', id: 'i1', lat: 22.7, lon: 114.2, label: 'A', done: true },
    { kind: 'impound', id: 'yard', lat: 22.71, lon: 114.21, label: 'B' },
  ],
  polyline: encode([[22.7, 114.2], [22.705, 114.205], [22.71, 114.21]], 5),
  distanceM: 1500,
  durationS: 300,
  ...over,
});

describe('decodeRoute', () => {
  it('turns a precision-5 polyline into GeoJSON [lon, lat] pairs', () => {
    const coords = decodeRoute(encode([[22.5, 114.1], [22.6, 114.3]], 5));
    expect(coords).toEqual([[114.1, 22.5], [114.3, 22.6]]);
  });
  it('returns no points for an empty polyline', () => {
    expect(decodeRoute('')).toEqual([]);
  });
});

describe('routeLine and stopPoints', () => {
  it('draws the decoded polyline of an assignment', () => {
    const fc = routeLine(assignment());
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0].geometry.coordinates).toHaveLength(3);
    expect(fc.features[0].geometry.coordinates[2]).toEqual([114.21, 22.71]);
  });
  it('falls back to joining the stops when the polyline is empty', () => {
    const fc = routeLine(assignment({ polyline: '' }));
    expect(fc.features[0].geometry.coordinates).toEqual([[114.2, 22.7], [114.21, 22.71]]);
  });
  it('draws nothing without an assignment', () => {
    expect(routeLine(undefined).features).toEqual([]);
    expect(stopPoints(undefined).features).toEqual([]);
  });
  it('numbers stops from 1 in driving order and keeps the done flag', () => {
    const pts = stopPoints(assignment()).features;
    expect(pts.map((p) => p.properties.n)).toEqual([1, 2]);
    expect(pts.map((p) => p.properties.done)).toEqual([true, false]);
  });
});

describe('vehiclePoints', () => {
  it('emits one point per known position, flagged by fleet, status and selection', () => {
    const v: VehicleView = {
      id: 'K1', fleet: 'kitchen', name: 'k', plate: 'p', status: 'broken', load: 0, capacity: 1,
      assignmentVersion: 0, ackedVersion: 0,
    };
    const fix: Fix = { vehicleId: 'K1', lat: 22.7, lon: 114.2, ts: 1 };
    const orphan: Fix = { vehicleId: 'X9', lat: 22.8, lon: 114.3, ts: 1 };
    const fc = vehiclePoints(new Map([['K1', v]]), new Map([['K1', fix], ['X9', orphan]]), 'K1');
    expect(fc.features).toHaveLength(2);
    expect(fc.features[0].properties).toEqual({ id: 'K1', fleet: 'kitchen', status: 'broken', selected: true });
    expect(fc.features[0].geometry.coordinates).toEqual([114.2, 22.7]);
    expect(fc.features[1].properties.selected).toBe(false);
    expect(fc.features[1].properties.fleet).toBe('unknown');
  });
});

describe('bounds', () => {
  it('converts a TownInfo bbox to [[w, s], [e, n]]', () => {
    expect(bboxBounds([22.6, 114.1, 22.8, 114.3])).toEqual([[114.1, 22.6], [114.3, 22.8]]);
  });
  it('encloses every coordinate, and is undefined for none', () => {
    expect(boundsOf([[1, 5], [3, 2], [2, 9]])).toEqual([[1, 2], [3, 9]]);
    expect(boundsOf([])).toBeUndefined();
  });
});

describe('stops of sweepers', () => {
  it('leaves road-segment stops off the map but keeps the numbering of the others', () => {
    const a = assignment({
      stops: [
        { kind: 'segment', id: '4', lat: 1, lon: 1, label: 'road' },
        { kind: 'depot', id: 'd', lat: 2, lon: 2, label: 'depot' },
      ],
    });
    expect(stopPoints(a).features.map((f) => f.properties.n)).toEqual([2]);
  });
});
