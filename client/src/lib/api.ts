import type { Assignment, Incident, VehicleView } from '../../../contracts/domain.js';
import type { IncidentRequest, NetworkGeoJson, TownInfo } from '../../../contracts/api.js';

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
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = (await res.json()) as { error?: unknown };
    if (typeof body.error === 'string') message = body.error;
  } catch {
    // not JSON: keep the status line
  }
  throw new ApiError(res.status, message);
}

/** GET a JSON resource under /api/v1. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return parse<T>(await fetch(BASE + path, { signal, headers: { accept: 'application/json' } }));
}

/** POST a JSON body under /api/v1. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(BASE + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return parse<T>(res);
}

/** Typed calls for the endpoints the client uses (see contracts/api.ts). */
export const api = {
  town: (signal?: AbortSignal) => getJson<TownInfo>('/town', signal),
  network: (signal?: AbortSignal) => getJson<NetworkGeoJson>('/network', signal),
  vehicle: (id: string, signal?: AbortSignal) => getJson<VehicleView>(`/vehicles/${encodeURIComponent(id)}`, signal),
  assignment: (vehicleId: string, signal?: AbortSignal) =>
    getJson<Assignment>(`/assignments/${encodeURIComponent(vehicleId)}`, signal),
  createIncident: (req: IncidentRequest) => postJson<Incident>('/incidents', req),
};
