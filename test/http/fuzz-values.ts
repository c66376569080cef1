/** Seeded generators of hostile input: odd JSON shapes, wrong types, poison keys, broken bytes. */
import type { Rng } from '../../optimizer/util/rng.js';

const POISON_KEYS = ['__proto__', 'constructor', 'prototype', '$where', '$ne', '$gt', 'toString', 'hasOwnProperty'];
const STRINGS = [
  '',
  ' ',
  'null',
  '0',
  '-1',
  '1e309',
  'NaN',
  '__proto__',
  '{"$ne":null}',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '\ud800',
  'ä¸­æ–‡',
  '中文路名',
  '🚛',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '2026-13-45T99:99',
  'x'.repeat(5000),
];
const NUMBERS = [0, -0, 1, -1, 0.5, 1e308, -1e308, 5e-324, 2 ** 53 + 1, -(2 ** 63), 90.0000001, 181, 1e21, 123456789012345];

/** A random JSON-able value, at most `depth` levels deep. */
export function randomValue(rng: Rng, depth = 3): unknown {
  const k = rng.int(depth > 0 ? 9 : 6);
  switch (k) {
    case 0:
      return null;
    case 1:
      return rng.next() < 0.5;
    case 2:
      return rng.pick(NUMBERS);
    case 3:
      return Math.round(rng.range(-1e6, 1e6));
    case 4:
      return rng.pick(STRINGS);
    case 5:
      return rng.range(-200, 200);
    case 6:
      return Array.from({ length: rng.int(4) }, () => randomValue(rng, depth - 1));
    default:
      return randomObject(rng, depth - 1);
  }
}

/** An object whose keys are drawn from `keys` (plus poison keys) with random values. */
export function randomObject(rng: Rng, depth = 2, keys: readonly string[] = []): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = 0, n = rng.int(5); i < n; i++) {
    const key = rng.next() < 0.3 ? rng.pick(POISON_KEYS) : keys.length && rng.next() < 0.7 ? rng.pick(keys) : rng.pick(STRINGS).slice(0, 20);
    // defineProperty: an own "__proto__" key, as JSON.parse would make it
    Object.defineProperty(o, key, { value: randomValue(rng, depth), enumerable: true, configurable: true, writable: true });
  }
  return o;
}

/** `template` with one field replaced by, or one poison key added with, a random value. */
export function mutate(rng: Rng, template: Record<string, unknown>): unknown {
  const out: Record<string, unknown> = { ...template };
  const keys = Object.keys(template);
  switch (rng.int(5)) {
    case 0:
      if (keys.length) out[rng.pick(keys)] = randomValue(rng);
      return out;
    case 1:
      if (keys.length) delete out[rng.pick(keys)];
      return out;
    case 2:
      Object.defineProperty(out, rng.pick(POISON_KEYS), { value: { polluted: true, $ne: null }, enumerable: true });
      return out;
    case 3:
      if (keys.length) out[rng.pick(keys)] = { $gt: '', $ne: null };
      return out;
    default:
      return randomObject(rng, 2, keys);
  }
}

/** Nested arrays `depth` levels deep, as text (JSON.stringify of such a value would recurse as deep). */
export function deepJson(depth: number, open = '[', close = ']'): string {
  return open.repeat(depth) + close.repeat(depth);
}

/** A raw body: the content type it claims and its bytes. */
export interface RawBody {
  type: string;
  body: string | Uint8Array;
}

/** Bodies that are not well-formed JSON at all. */
export function brokenBody(rng: Rng, valid: unknown): RawBody {
  const text = JSON.stringify(valid) ?? 'null';
  switch (rng.int(8)) {
    case 0:
      return { type: 'application/json', body: text.slice(0, Math.max(1, rng.int(text.length))) }; // truncated
    case 1:
      return { type: 'application/json', body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]) }; // invalid UTF-8
    case 2:
      return { type: 'application/json', body: deepJson(20_000) };
    case 3:
      return { type: 'application/json', body: `{"a":${deepJson(5_000, '{"a":', '}')}}` };
    case 4:
      return { type: 'text/plain', body: text };
    case 5:
      return { type: 'application/x-www-form-urlencoded', body: 'a[__proto__][x]=1&positions[0][lat]=1' };
    case 6:
      return { type: 'application/json; charset=utf-16', body: text };
    default:
      return { type: 'application/json', body: rng.pick(['', 'null', '1', '"x"', 'true', '[]', '{}', '{"positions":null}', '\u0000', 'NaN', '1e400']) };
  }
}

/** Percent-encoding; a lone surrogate becomes bytes that are not UTF-8 at all. */
function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80%FF';
  }
}

/** A random query string with odd keys, repeated keys, bracket syntax and long values. */
export function randomQuery(rng: Rng, keys: readonly string[]): string {
  const parts: string[] = [];
  for (let i = 0, n = rng.int(4); i < n; i++) {
    const key = rng.next() < 0.6 && keys.length ? rng.pick(keys) : rng.pick(['open', 'from', 'to', 'x', '__proto__[a]', 'open[$ne]', 'from[]']);
    parts.push(`${enc(key).replace(/%5B/g, '[').replace(/%5D/g, ']')}=${enc(String(randomValue(rng, 0)))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** A value for a path parameter. */
export function randomParam(rng: Rng, valid: readonly string[]): string {
  if (rng.next() < 0.35 && valid.length) return enc(rng.pick(valid));
  return enc(rng.pick(STRINGS)).slice(0, 4000) || '%20';
}
