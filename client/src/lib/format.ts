import type { Incident } from '../../../contracts/domain.js';
import { isAwaitingUnit, isOpenIncident } from './geo.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** Time left until a deadline as "m:ss" / "h:mm:ss", with a leading "-" once it is past. */
export function formatCountdown(deadline: number, now: number): string {
  const ms = deadline - now;
  const late = ms < 0;
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const body = h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
  return late ? `-${body}` : body;
}

/** Wall-clock "HH:MM" of an epoch-ms time in the town's time zone (not the browser's). */
export function formatClock(epochMs: number | undefined, utcOffsetMin: number): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return '--:--';
  const d = new Date(epochMs + utcOffsetMin * 60_000);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A number with a fixed count of decimals, or "–" when it is not a finite number. */
export function formatNum(x: number | undefined, decimals = 0): string {
  if (x === undefined || !Number.isFinite(x)) return '–';
  return x.toFixed(decimals);
}

/** Kilograms, switching to tonnes above 10 t so the KPI bar stays narrow. */
export function formatKg(kg: number): string {
  if (!Number.isFinite(kg)) return '–';
  return kg >= 10_000 ? `${(kg / 1000).toFixed(1)} t` : `${Math.round(kg)} kg`;
}

/** Metres as "850 m" or "12.3 km". */
export function formatDistance(m: number): string {
  if (!Number.isFinite(m)) return '–';
  return m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`;
}

/** 0: waiting for a unit, 1: unit on scene / handled, 2: closed or cancelled. */
function queueTier(i: Incident): number {
  if (isAwaitingUnit(i)) return 0;
  return isOpenIncident(i) ? 1 : 2;
}

/**
 * Dispatch queue order: incidents still waiting for a unit first, most urgent deadline first; then
 * those with a unit on scene; closed ones last, newest first.
 */
export function sortIncidentQueue(list: Iterable<Incident>): Incident[] {
  return [...list].sort((a, b) => {
    const ta = queueTier(a), tb = queueTier(b);
    if (ta !== tb) return ta - tb;
    if (ta < 2) return a.deadline - b.deadline || a.createdAt - b.createdAt;
    return (b.closedAt ?? b.createdAt) - (a.closedAt ?? a.createdAt);
  });
}
