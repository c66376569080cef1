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

async function parse<T>(res: Response): Promise<T> {
  if (res.ok) return (await res.json()) as T;
  // the token expired or was ended: back to the sign-in page
  if (res.status === 401 && !res.url.endsWith('/auth/signin')) clearSession('expired');
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { error?: unknown };
    if (typeof body.error === 'string') message = body.error;
  } catch {
    // not JSON: keep the status line
  }
  throw new ApiError(res.status, message);
}

/** Headers of every API call: JSON, and the session's token when signed in. */
function headers(extra: Record<string, string> = {}): Record<string, string> {
  const t = token();
  return { accept: 'application/json', ...(t ? { authorization: `Bearer ${t}` } : {}), ...extra };
}

/** GET a JSON resource under /api/v1. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return parse<T>(await fetch(BASE + path, { signal, headers: headers() }));
}

/** POST (or another method) with a JSON body under /api/v1. */
export async function postJson<T>(path: string, body: unknown, method: 'POST' | 'PATCH' | 'DELETE' = 'POST'): Promise<T> {
  const res = await fetch(BASE + path, {
    method,
    headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return parse<T>(res);
}

/** Downloads a file of the API (a CSV report) with the session's token, as the browser would a link. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await fetch(BASE + path, { headers: headers({ accept: '*/*' }) });
  if (!res.ok) {
    await parse(res);
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
