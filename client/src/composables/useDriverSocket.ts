import { io, type Socket } from 'socket.io-client';
import { onScopeDispose, ref, shallowRef } from 'vue';
import type { Assignment } from '../../../contracts/domain.js';
import type { Ack, DriverClientToServer, DriverServerToClient } from '../../../contracts/events.js';
import type { ConnState } from './useConsoleSocket.js';
import { watchSession } from '../lib/socket-auth.js';

type DriverSocket = Socket<DriverServerToClient, DriverClientToServer>;

const ACK_TIMEOUT_MS = 8000;

/**
 * The driver's link to dispatch: receives `assignment` (the server resends the current one on every
 * reconnect) and acknowledges versions. `ackedVersion` only moves up, whichever side confirms it.
 */
export function useDriverSocket(vehicleId: string, url = '/driver') {
  const assignment = shallowRef<Assignment>();
  const ackedVersion = ref(0);
  const conn = ref<ConnState>('connecting');

  const socket: DriverSocket = io(url, watchSession.auth({ vehicleId }));
  watchSession.attach(socket);
  socket.on('connect', () => (conn.value = 'connected'));
  socket.on('disconnect', () => (conn.value = 'disconnected'));
  socket.on('connect_error', () => (conn.value = 'disconnected'));
  socket.io.on('reconnect_attempt', () => (conn.value = 'connecting'));
  socket.on('assignment', (a) => {
    if (a.vehicleId !== vehicleId) return;
    // a late duplicate of an older version must not replace what the driver is looking at
    if (assignment.value && assignment.value.version > a.version) return;
    assignment.value = a;
  });

  /** Acknowledges a version; resolves with the server's reply (or a timeout error). */
  function ack(version: number): Promise<Ack> {
    return new Promise((resolve) => {
      // manual timeout: socket.timeout() does not type optional callbacks of the shared event map
      let settled = false;
      const timer = setTimeout(() => {
        settled = true;
        resolve({ ok: false, error: 'timeout' });
      }, ACK_TIMEOUT_MS);
      socket.emit('ack', { vehicleId, version }, (r: Ack) => {
        if (settled) return;
        clearTimeout(timer);
        if (r.ok) noteAcked(version);
        resolve(r);
      });
    });
  }

  /** Records a version as acknowledged (also used when the server reports it). */
  function noteAcked(version: number): void {
    if (version > ackedVersion.value) ackedVersion.value = version;
  }

  onScopeDispose(() => {
    socket.removeAllListeners();
    socket.disconnect();
  });

  return { assignment, ackedVersion, conn, ack, noteAcked };
}
