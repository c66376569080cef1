import { io, type Socket } from 'socket.io-client';
import { onScopeDispose, ref, shallowRef, triggerRef } from 'vue';
import type { Fix, Incident, Kpis, VehicleView } from '../../../contracts/domain.js';
import type { ConsoleClientToServer, ConsoleServerToClient } from '../../../contracts/events.js';
import {
  applyAssignment, applyIncident, applyPositions, applySnapshot, applySwept, applyVehicles, createConsoleState,
} from '../lib/console-state.js';
import { createServerClock } from '../lib/server-clock.js';
import { watchSession } from '../lib/socket-auth.js';

export type ConnState = 'connecting' | 'connected' | 'disconnected';
type ConsoleSocket = Socket<ConsoleServerToClient, ConsoleClientToServer>;

/**
 * Connects to the /console namespace and keeps the state in plain Maps behind shallowRefs.
 * Positions do not go through Vue at all: the map subscribes with onPositions, and `positionsTick`
 * bumps at most once a second for the few widgets that show a live fix.
 */
export function useConsoleSocket(url = '/console') {
  const st = createConsoleState();
  const vehicles = shallowRef(st.vehicles);
  const incidents = shallowRef(st.incidents);
  const assignments = shallowRef(st.assignments);
  const kpis = shallowRef<Kpis | undefined>(undefined);
  const clock = createServerClock();
  const conn = ref<ConnState>('connecting');
  const positionsTick = ref(0);
  const snapshotCount = ref(0);

  const positionListeners = new Set<(fixes: Fix[]) => void>();
  const sweptListeners = new Set<(ids: number[], all: ReadonlySet<number>) => void>();
  const snapshotListeners = new Set<() => void>();
  const vehicleListeners = new Set<(list: VehicleView[]) => void>();
  let lastTick = 0;

  const socket: ConsoleSocket = io(url, watchSession.auth());
  watchSession.attach(socket);
  socket.on('connect', () => (conn.value = 'connected'));
  socket.on('disconnect', () => (conn.value = 'disconnected'));
  socket.on('connect_error', () => (conn.value = 'disconnected'));
  socket.io.on('reconnect_attempt', () => (conn.value = 'connecting'));

  socket.on('snapshot', (s) => {
    applySnapshot(st, s);
    vehicles.value = st.vehicles;
    incidents.value = st.incidents;
    assignments.value = st.assignments;
    kpis.value = st.kpis;
    clock.observe(s.now, Date.now());
    triggerRef(vehicles);
    snapshotCount.value++;
    for (const l of snapshotListeners) l();
  });
  socket.on('positions', (fixes) => {
    if (applyPositions(st, fixes) === 0) return;
    for (const l of positionListeners) l(fixes);
    const now = Date.now();
    if (now - lastTick >= 1000) {
      lastTick = now;
      positionsTick.value++;
    }
  });
  socket.on('vehicles', (list) => {
    applyVehicles(st, list);
    triggerRef(vehicles);
    for (const l of vehicleListeners) l(list);
  });
  socket.on('incident', (i: Incident) => {
    applyIncident(st, i);
    triggerRef(incidents);
  });
  socket.on('assignment', (a) => {
    if (!applyAssignment(st, a)) return;
    triggerRef(assignments);
    triggerRef(vehicles);
  });
  socket.on('kpis', (k) => {
    kpis.value = k;
    clock.observe(k.ts, Date.now());
  });
  socket.on('swept', (ids) => {
    const fresh = applySwept(st, ids);
    if (fresh.length) for (const l of sweptListeners) l(fresh, st.swept);
  });

  onScopeDispose(() => {
    socket.removeAllListeners();
    socket.disconnect();
    positionListeners.clear();
    sweptListeners.clear();
    snapshotListeners.clear();
    vehicleListeners.clear();
  });

  const subscribe = <T>(set: Set<T>, fn: T): (() => void) => {
    set.add(fn);
    return () => set.delete(fn);
  };

  return {
    /** live plain state, read-only for callers */
    state: st,
    vehicles,
    incidents,
    assignments,
    kpis,
    /** server (or simulation) time now, ms: what deadlines are measured against */
    serverNow: (): number => clock.now(Date.now()),
    conn,
    positionsTick,
    snapshotCount,
    onPositions: (fn: (fixes: Fix[]) => void) => subscribe(positionListeners, fn),
    onSwept: (fn: (ids: number[], all: ReadonlySet<number>) => void) => subscribe(sweptListeners, fn),
    onSnapshot: (fn: () => void) => subscribe(snapshotListeners, fn),
    /** vehicles whose status, load or versions changed (after the state was updated) */
    onVehicles: (fn: (list: VehicleView[]) => void) => subscribe(vehicleListeners, fn),
  };
}

export type ConsoleStore = ReturnType<typeof useConsoleSocket>;
