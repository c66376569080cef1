import { computed, shallowRef } from 'vue';
import type { Role, SignInResponse } from '../../../contracts/auth.js';

const KEY = 'cityfleet.session';

/**
 * The signed-in session, kept in localStorage so a reload stays signed in until the token
 * expires. Everything that talks to the server reads the token from here; a 401 anywhere clears
 * it and the app shows the sign-in page again.
 */
/** A session as kept here: `endsAt` is the expiry on this device's clock (which may be off the server's). */
export type Session = SignInResponse & { endsAt: number };

function load(): Session | undefined {
  try {
    const s = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Session | null;
    return s && typeof s.token === 'string' && typeof s.endsAt === 'number' && s.endsAt > Date.now() ? s : undefined;
  } catch {
    return undefined;
  }
}

export const session = shallowRef<Session | undefined>(load());
/** Why the last session ended ('' when it did not, or the user signed out), for the sign-in page. */
export const endedBecause = shallowRef<'' | 'expired'>('');

export function setSession(r: SignInResponse): void {
  const s: Session = { ...r, endsAt: Date.now() + r.expiresInMs };
  localStorage.setItem(KEY, JSON.stringify(s));
  endedBecause.value = '';
  session.value = s;
}

/** Ends the session; `ifToken`: only if it is still the one a refused request was sent with. */
export function clearSession(reason: '' | 'expired' = '', ifToken?: string): void {
  if (ifToken !== undefined && session.value?.token !== ifToken) return;
  localStorage.removeItem(KEY);
  if (session.value) endedBecause.value = reason;
  session.value = undefined;
}

export function token(): string | undefined {
  const s = session.value;
  if (s && s.endsAt <= Date.now()) {
    clearSession('expired');
    return undefined;
  }
  return s?.token;
}

export const role = computed<Role | undefined>(() => session.value?.user.role);
/** May change the fleet's work: report, pin, record steps (managers only look). */
export const canDispatch = computed(() => role.value === 'admin' || role.value === 'dispatcher');

// another tab signed in or out
window.addEventListener('storage', (e) => {
  if (e.key === KEY) session.value = load();
});
