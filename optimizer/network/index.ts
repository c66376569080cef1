/**
 * Road graph and routing. Build once per network, then route, snap and draw:
 *   const g = buildGraph(net); const snapper = createSnapper(net);
 *   const hit = snapper.nearestSegment(lat, lon);            // GPS fix -> segment position
 *   const m = travelTimeMatrix(g, nodeIds);                  // seconds / metres, row-major
 *   const r = planRoute(net, g, [start, ...stops]);          // legs + geometry
 *   encodePolyline(r.points);                                // for the driver's assignment
 * Vehicles part-way along a block: routeBetweenPositions(net, g, hit, target), or
 * shortestPathTree(g, -1, { extraSources: departLabels(g, hit) }). Time-of-day profiles and
 * closures: buildGraph(net, { speedKmh, timeFactor }) or withTravelTimes(g, net, opts).
 */
export type { RoadClass, RoadNode, RoadSegment, GridCell, RoadNetwork } from './types.js';
export { ROAD_CLASSES, SPEED_KMH } from './types.js';
export { buildGraph, withTravelTimes, lowerBoundTimeS, nodeDistanceM } from './graph.js';
export type { RoadGraph, TravelTimeOptions } from './graph.js';
export { shortestPathTree, treePathArcs } from './dijkstra.js';
export type { ShortestPathTree, ShortestPathTreeOptions } from './dijkstra.js';
export type { SeedLabel } from './search-space.js';
export { shortestPath } from './astar.js';
export type { GraphPath } from './astar.js';
export { travelTimeMatrix, travelTimeTable } from './matrix.js';
export type { TravelMatrix, TravelTable, TravelTableOptions } from './matrix.js';
export { createSnapper } from './snapper.js';
export type { Snapper, SnapResult } from './snapper.js';
export { createProjection, projectionAt } from './projection.js';
export type { Projection } from './projection.js';
export { routeGeometry, arcPoints } from './geometry.js';
export { segmentPoints } from './pieces.js';
export { encodePolyline, decodePolyline } from './polyline.js';
export { planRoute } from './plan-route.js';
export type { PlannedRoute } from './plan-route.js';
export { departLabels, arriveLabels, segmentSlice } from './position.js';
export type { SegmentPosition, SegmentPiece, EndLabel } from './position.js';
export { routeBetweenPositions } from './position-route.js';
export type { PositionRoute } from './position-route.js';
export { createTrackMatcher } from './map-match.js';
export type { TrackMatcher, TrackPoint, TrackMatch, MatchOptions, DrivenPiece, TrackFollower, FollowStep, FollowOptions } from './map-match.js';
