import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FLEETS, INCIDENT_TYPES } from '../../contracts/domain.js';
import { en } from '../../client/src/i18n/en.js';
import { zhCN } from '../../client/src/i18n/zh-cn.js';

const SRC = fileURLToPath(new URL('../../client/src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

function lookup(messages: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), messages);
}

function leafKeys(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}

describe('translations', () => {
  it('has the same keys in Chinese and English', () => {
    expect(leafKeys(en).sort()).toEqual(leafKeys(zhCN).sort());
  });

  it('defines every static key the components use, in both languages', () => {
    const used = new Set<string>();
    for (const f of files(SRC).filter((p) => /\.(vue|ts)$/.test(p))) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\$?\bt\(\s*'([a-zA-Z]+\.[a-zA-Z.-]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(40);
    const missing = [...used].filter((k) => typeof lookup(zhCN, k) !== 'string' || typeof lookup(en, k) !== 'string');
    expect(missing).toEqual([]);
  });

  it('names every fleet, status, incident type, incident status and stop kind', () => {
    const keys = [
      ...FLEETS.map((f) => `fleet.${f}`),
      ...['idle', 'enroute', 'working', 'towing', 'unloading', 'broken', 'offline'].map((s) => `status.${s}`),
      ...INCIDENT_TYPES.flatMap((t) => [`incidentType.${t}`, `incidentShort.${t}`]),
      ...['accepted', 'dispatched', 'on_scene', 'handled', 'closed', 'cancelled'].map((s) => `incidentStatus.${s}`),
      ...['incident', 'restaurant', 'depot', 'plant', 'impound', 'segment', 'post'].map((k) => `stopKind.${k}`),
    ];
    for (const k of keys) {
      expect(typeof lookup(zhCN, k), k).toBe('string');
      expect(typeof lookup(en, k), k).toBe('string');
    }
  });
});

describe('client imports', () => {
  it('imports the shared contracts as types only, so no server code reaches the bundle', () => {
    const offenders: string[] = [];
    for (const f of files(SRC).filter((p) => /\.(vue|ts)$/.test(p))) {
      for (const line of readFileSync(f, 'utf8').split('\n')) {
        if (/from '(\.\.\/)+contracts\//.test(line) && !/^\s*import type /.test(line)) offenders.push(`${f}: ${line.trim()}`);
        if (/from '(\.\.\/)+(server|optimizer)\//.test(line)) offenders.push(`${f}: ${line.trim()}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
