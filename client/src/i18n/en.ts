import type { zhCN } from './zh-cn.js';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** English; typed against the Chinese messages so a missing key fails the type check. */
export const en: Shape<typeof zhCN> = {
  app: { title: 'Cityfleet Dispatch', driverTitle: 'Driver', lang: '中文', langName: 'English' },
  auth: {
    title: 'Sign in', username: 'Username', password: 'Password', signIn: 'Sign in', signingIn: 'Signing in…', signOut: 'Sign out',
    expired: 'Your sign-in has ended: please sign in again', hint: 'Drivers sign in with their vehicle id (e.g. kw-01)',
    role: { admin: 'Administrator', dispatcher: 'Dispatcher', manager: 'Manager', driver: 'Driver', device: 'Device' },
    readOnly: 'read-only', watching: 'Watching the driver view of {id} (read-only)',
  },
  conn: { connected: 'Connected', connecting: 'Connecting…', disconnected: 'Disconnected' },
  fleet: { all: 'All', sweeper: 'Sweepers', tow: 'Tow trucks', kitchen: 'Kitchen waste', squad: 'Squads' },
  status: {
    idle: 'Idle', enroute: 'En route', working: 'Working', towing: 'Towing',
    unloading: 'Unloading', broken: 'Broken down', offline: 'Offline',
  },
  incidentType: {
    illegal_parking: 'Illegal parking', two_wheeler_parking: 'Two-wheeler parking', illegal_dumping: 'Illegal dumping',
    road_debris: 'Road debris', street_vending: 'Street vending',
  },
  incidentShort: {
    illegal_parking: 'Park', two_wheeler_parking: '2W', illegal_dumping: 'Dump',
    road_debris: 'Debris', street_vending: 'Vend',
  },
  incidentStatus: {
    accepted: 'Accepted', dispatched: 'Dispatched', on_scene: 'On scene', handled: 'Handled',
    closed: 'Closed', cancelled: 'Cancelled',
  },
  stopKind: {
    incident: 'Incident', restaurant: 'Restaurant', depot: 'Depot', plant: 'Plant', impound: 'Impound lot',
    segment: 'Segment', post: 'Post',
  },
  panel: { fleet: 'Fleet', incidents: 'Incident queue', assignments: 'Assignments' },
  kpi: {
    coverage: 'Coverage', meanResponse: 'Mean response', onTime: 'On time', kitchen: 'Kitchen waste',
    open: 'Open incidents', fixes: 'Fixes/s', replans: 'Replans', active: 'Active', min: 'min',
  },
  vehicle: {
    search: 'Search id / plate', none: 'No matching vehicle', load: 'Load', version: 'Version',
    acked: 'Acked', waiting: 'Waiting', nextStops: 'Next stops', eta: 'ETA', noAssignment: 'No assignment',
    stops: '{n} stops', route: 'Route', close: 'Close', plate: 'Plate', speed: 'Speed',
    lastFix: 'Last fix', reason: 'Reason', problems: 'Broken/offline', showing: 'Showing {shown} / {total}',
  },
  incident: {
    none: 'No incidents', unassigned: 'Unassigned', late: 'Late', deadline: 'Deadline', assigned: 'Unit',
    new: 'New incident', type: 'Type', plate: 'Plate', description: 'Description', pick: 'Click the map to place it',
    picked: 'Location set', submit: 'Submit', cancel: 'Cancel', created: 'Incident created: {id}', failed: 'Failed: {error}',
    source: 'Source', arrived: 'Arrived at',
    location: 'Place (if not picked)', locationHint: 'road, grid cell or place name', contact: 'Reporter contact (stored masked)', photos: 'Photo links',
  },
  board: { vehicle: 'Vehicle', version: 'Ver.', stops: 'Stops', ack: 'Ack', reason: 'Reason', none: 'No assignments' },
  reason: {
    initial: 'Initial plan', restart: 'Restart', incident: 'New incident', breakdown: 'Breakdown', repaired: 'Repaired',
    full: 'Truck full', 'truck-full': 'Truck full', request: 'New request', unloaded: 'Unloaded', 'case-closed': 'Case closed',
    'truck-free': 'Tow truck free', return: 'Return to base', replan: 'Replan', shift: 'Shift start', takeover: 'Planning taken over by another server',
    posts: 'Squad posts', pin: 'Dispatcher pin', behind: 'Sweeper falling behind',
  },
  unit: { kg: 'kg', cars: 'cars', m: 'm', none: '' },
  driver: {
    version: 'Assignment', next: 'Next stop', ack: 'Acknowledge', acked: 'Acknowledged', acking: 'Sending…',
    newVersion: 'New assignment v{v} – please acknowledge', departAt: 'Set off at {time}', noAssignment: 'Waiting for dispatch…', route: 'Route order', done: 'Done',
    ackFailed: 'Ack failed: {error}', distance: 'Distance', duration: 'Duration', segments: '{n} segments', position: 'My position', doneCount: '{n} stops done', unknownVehicle: 'Unknown vehicle: {id} – check the link',
  },
  coverage: {
    title: 'Sweeping coverage', csv: 'Export CSV', unavailable: 'Coverage not available', swept: '{swept} of {planned} km swept',
    chart: 'Coverage over the shift', class: { arterial: 'Arterial', collector: 'Collector', local: 'Local', alley: 'Alley' },
  },
  pin: {
    pin: 'Pin', unpin: 'Unpin', choose: 'Choose a unit…', cost: '+{late} min late, +{drive} min driving', hint: 'Pin this case to a unit (the planner keeps it)',
    costHint: 'Extra response and lateness cost against the best plan without the pin',
  },
  lateReason: { no_unit_free: 'No unit free', travel: 'Travel', handling: 'Handling', follow_up: 'Feedback and closure' },
  report: {
    title: 'Case figures', days: 'Last {n} days', cases: 'Cases', onTime: 'On-time closure', arrivedOnTime: 'Arrived on time',
    mean: 'Mean response', p95: 'p95 response', tows: 'Tows', perDay: 'Tows per day', histogram: 'Response times',
    cells: 'Grid cells', late: 'Why late', csv: 'Export CSV', loading: 'Loading…', failed: 'Figures failed: {error}', min: 'min', none: 'No data yet',
  },
};
