/**
 * Rules of the closed case loop (受理 → 派遣 → 处置 → 反馈 → 回访 → 结案): which step may follow
 * which, who may record it, why a case was late, time limits per type and how reporters' contacts
 * are masked. Pure functions: the Incidents class applies them.
 */
import type { CaseStep, Incident, IncidentType, LateReason } from '../../contracts/domain.js';
import { INCIDENT_TYPES } from '../../contracts/domain.js';

/** Default time limit per incident type, minutes (the ~10 min squad arrival in DOMAIN.md, plus the tow). */
export const DEFAULT_LIMITS_MIN: Readonly<Record<IncidentType, number>> = {
  // a tow case closes when the car is at the impound lot: drive, hook up, deliver
  illegal_parking: 60,
  two_wheeler_parking: 90,
  illegal_dumping: 120,
  road_debris: 60,
  street_vending: 60,
};

/**
 * Parses INCIDENT_LIMITS ("illegal_parking=30,road_debris=60") over the defaults; throws a clear
 * Error naming the bad pair.
 */
export function parseIncidentLimits(spec: string | undefined, base: Readonly<Record<IncidentType, number>> = DEFAULT_LIMITS_MIN): Record<IncidentType, number> {
  const out = { ...base };
  if (!spec || !spec.trim()) return out;
  for (const pair of spec.split(',')) {
    const m = /^\s*([a-z_]+)\s*=\s*(\d+(?:\.\d+)?)\s*$/.exec(pair);
    if (!m) throw new Error(`INCIDENT_LIMITS: "${pair.trim()}" is not type=minutes`);
    const type = m[1] as IncidentType;
    if (!INCIDENT_TYPES.includes(type)) throw new Error(`INCIDENT_LIMITS: unknown incident type "${m[1]}" (known: ${INCIDENT_TYPES.join(', ')})`);
    const min = Number(m[2]);
    if (!(min >= 1 && min <= 7 * 24 * 60)) throw new Error(`INCIDENT_LIMITS: ${type}=${m[2]} must be between 1 and 10080 minutes`);
    out[type] = min;
  }
  return out;
}

/** The loop step a case has reached: its last step, re-queues and notes included. */
export function loopStage(i: Incident): CaseStep {
  return i.history.length ? i.history[i.history.length - 1].step : 'accept';
}

/**
 * Steps allowed after each stage. Dispatch can repeat (another unit takes over) and fall back to
 * accept (re-queued); a handled case needs feedback before it may close; revisit (the call back to
 * the reporter) is optional but only after feedback.
 */
const NEXT: Record<CaseStep, readonly CaseStep[]> = {
  accept: ['dispatch', 'arrive', 'cancel'],
  dispatch: ['dispatch', 'accept', 'arrive', 'cancel'],
  arrive: ['handle', 'cancel'],
  handle: ['feedback'],
  feedback: ['revisit', 'close'],
  revisit: ['close'],
  close: [],
  cancel: [],
};

/** Steps a person may record through the API (dispatch and re-queue belong to the planner and pins). */
export const MANUAL_STEPS = ['arrive', 'handle', 'feedback', 'revisit', 'close', 'cancel'] as const;
export type ManualStep = (typeof MANUAL_STEPS)[number];

/** Who may record a step: the roles of `by` ("dispatcher:li", "driver:T03", "vehicle:T03", "system"). */
const ROLES: Record<ManualStep, readonly string[]> = {
  arrive: ['driver', 'vehicle', 'dispatcher'],
  handle: ['driver', 'vehicle', 'dispatcher'],
  feedback: ['driver', 'vehicle', 'dispatcher'],
  revisit: ['dispatcher'],
  close: ['dispatcher', 'system'],
  cancel: ['dispatcher'],
};

/** Pattern of an attribution: a role, optionally ":" and an id. */
export const BY_PATTERN = /^(dispatcher|driver|vehicle|system)(:[\p{L}\p{N}_.@-]{1,64})?$/u;

/** Why `step` may not follow now, or undefined when it may. */
export function transitionError(i: Incident, step: CaseStep, by?: string): string | undefined {
  const stage = loopStage(i);
  if (i.status === 'closed' || i.status === 'cancelled') return `case ${i.id} is ${i.status}`;
  if (!NEXT[stage].includes(step)) {
    const allowed = NEXT[stage];
    return `step ${step} cannot follow ${stage} (allowed: ${allowed.length ? allowed.join(', ') : 'none'})`;
  }
  if (by !== undefined && (MANUAL_STEPS as readonly string[]).includes(step)) {
    const role = by.split(':')[0];
    const roles = ROLES[step as ManualStep];
    if (!roles.includes(role)) return `step ${step} is recorded by ${roles.join(' or ')}, not ${role}`;
  }
  return undefined;
}

/** Loop step during which each late reason's time ran. */
const PHASE_OF: Record<CaseStep, LateReason> = {
  accept: 'no_unit_free',
  dispatch: 'travel',
  arrive: 'handling',
  handle: 'follow_up',
  feedback: 'follow_up',
  revisit: 'follow_up',
  close: 'follow_up',
  cancel: 'follow_up',
};

/**
 * Whether a case missed its limit (closed after the deadline, or still open past it at `now`), by
 * how much, and the phase that was running when the limit passed: still waiting for a unit, a
 * unit on its way, on scene, or feedback and closure.
 */
export function lateness(i: Incident, now: number): { reason: LateReason; byS: number } | undefined {
  if (i.status === 'cancelled') return undefined;
  const end = i.closedAt ?? now;
  if (end <= i.deadline) return undefined;
  let stage: CaseStep = 'accept';
  for (const e of i.history) {
    if (e.at > i.deadline) break;
    stage = e.step;
  }
  return { reason: PHASE_OF[stage], byS: Math.round((end - i.deadline) / 1000) };
}

/**
 * Masks a reporter's contact before it is stored: phone numbers keep their first 3 and last 4
 * digits (138****5678), shorter numbers their last 2, e-mail addresses the first letter of the name.
 */
export function maskContact(raw: string): string {
  const s = raw.trim();
  const at = s.indexOf('@');
  if (at > 0) return `${s[0]}***${s.slice(at)}`;
  const digits = s.replace(/[\s()+-]/g, '');
  if (/^\d+$/.test(digits)) {
    // a Chinese mobile with a country code: mask the national number
    const national = digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
    if (national.length >= 11) return `${national.slice(0, 3)}****${national.slice(-4)}`;
    if (national.length >= 5) return `${'*'.repeat(national.length - 2)}${national.slice(-2)}`;
    return '*'.repeat(national.length);
  }
  // anything else (a WeChat id, a name): keep only the first character
  return s.length <= 1 ? '*' : `${s[0]}${'*'.repeat(Math.min(8, s.length - 1))}`;
}
