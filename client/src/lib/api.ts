import type { Assignment, Incident, VehicleView } from '../../../contracts/domain.js';
import type { IncidentRequest, NetworkGeoJson, TownInfo } from '../../../contracts/api.js';
import type { SignInResponse } from '../../../contracts/auth.js';
import { clearSession, token } from './session.js';

const BASE = '/api/v1';

/** An HTTP error carrying the server's `{ error }` message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function parse<T>(res: Response, sentToken?: string): Promise<T> {
  if (res.ok) return (await res.json()) as T;
  // the token expired or was ended: back to the sign-in page (unless a newer sign-in replaced it meanwhile)
  if (res.status === 401 && sentToken !== undefined) clearSession('expired', sentToken);
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { error?: unknown };
    if (typeof body.error === 'string') message = body.error;
  } catch {
    // not JSON: keep the status line
  }
  throw new ApiError(res.status, message);
}

/** Headers of every API call: JSON, and the session's token when signed in (returned too, to tell a stale 401). */
function headers(extra: Record<string, string> = {}): { h: Record<string, string>; t: string | undefined } {
  const t = token();
  return { h: { accept: 'application/json', ...(t ? { authorization: `Bearer ${t}` } : {}), ...extra }, t };
}

/** GET a JSON resource under /api/v1. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const { h, t } = headers();
  return parse<T>(await fetch(BASE + path, { signal, headers: h }), t);
}

/** POST (or another method) with a JSON body under /api/v1. */
export async function postJson<T>(path: string, body: unknown, method: 'POST' | 'PATCH' | 'DELETE' = 'POST'): Promise<T> {
  const { h, t } = headers(body === undefined ? {} : { 'content-type': 'application/json' });
  const res = await fetch(BASE + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  return parse<T>(res, t);
}

/** Downloads a file of the API (a CSV report) with the session's token, as the browser would a link. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const { h, t } = headers({ accept: '*/*' });
  const res = await fetch(BASE + path, { headers: h });
  if (!res.ok) {
    await parse(res, t);
    return;
  }
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Typed calls for the endpoints the client uses (see contracts/api.ts). */
export const api = {
  town: (signal?: AbortSignal) => getJson<TownInfo>('/town', signal),
  network: (signal?: AbortSignal) => getJson<NetworkGeoJson>('/network', signal),
  vehicle: (id: string, signal?: AbortSignal) => getJson<VehicleView>(`/vehicles/${encodeURIComponent(id)}`, signal),
  assignment: (vehicleId: string, signal?: AbortSignal) =>
    getJson<Assignment>(`/assignments/${encodeURIComponent(vehicleId)}`, signal),
  createIncident: (req: IncidentRequest) => postJson<Incident>('/incidents', req),
  signIn: (username: string, password: string) => postJson<SignInResponse>('/auth/signin', { username, password }),
};
