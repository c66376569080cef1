import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const src = readFileSync(file, 'utf8');
  return [...src.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]);
}

const FORBIDDEN = /^(node:|fs$|path$|http$|net$|os$|child_process$|express|socket\.io|ioredis|mongoose|pino)/;

describe('architecture', () => {
  // the CLI under optimizer/cli reads files; everything else in optimizer/ is pure
  const pure = tsFiles('optimizer').filter((f) => !f.split(path.sep).includes('cli'));

  it('optimizer/ imports no I/O, server or database package', () => {
    expect(pure.length).toBeGreaterThan(10);
    const offenders = pure.flatMap((f) => imports(f).filter((s) => FORBIDDEN.test(s)).map((s) => `${f}: ${s}`));
    expect(offenders).toEqual([]);
  });

  it('optimizer/ does not reach into server/, client/ or fixtures/', () => {
    const offenders = pure.flatMap((f) =>
      imports(f)
        .filter((s) => s.startsWith('.'))
        .map((s) => path.relative('.', path.resolve(path.dirname(f), s)))
        .filter((r) => !r.startsWith('optimizer' + path.sep) && !r.startsWith('contracts' + path.sep))
        .map((r) => `${f}: ${r}`),
    );
    expect(offenders).toEqual([]);
  });

  it('optimizer/ uses the seeded RNG, never Math.random', () => {
    const offenders = pure.filter((f) => /Math\.random\s*\(/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
