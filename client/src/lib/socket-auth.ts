import type { Socket } from 'socket.io-client';
import { clearSession, token } from './session.js';

/**
 * Signed-in sockets: the handshake carries the session's token (read again on every reconnect),
 * and a refusal for a missing or ended sign-in, or the server ending the session, clears it so
 * the app shows the sign-in page.
 */
export const watchSession = {
  auth(extra: Record<string, unknown> = {}) {
    return { auth: (cb: (data: object) => void) => cb({ ...extra, token: token() }) };
  },
  attach(socket: Socket<any, any>): void {
    // the token this socket was opened with: a refusal of an older one must not end a newer sign-in
    const mine = token();
    socket.on('connect_error', (err: Error & { data?: { status?: number } }) => {
      if (err.data?.status === 401) clearSession('expired', mine);
    });
    socket.on('session-ended', () => clearSession('expired', mine));
  },
};
