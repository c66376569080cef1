import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../../../optimizer/network/', import.meta.url));
const FORBIDDEN = /from\s+['"](node:|fs['"]|path['"]|express|socket\.io|ioredis|mongoose)/;

describe('optimizer/network stays pure', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));

  it('imports no I/O or server modules', () => {
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(readFileSync(join(dir, f), 'utf8'), f).not.toMatch(FORBIDDEN);
  });

  it('uses no ambient randomness or clocks', () => {
    for (const f of files) expect(readFileSync(join(dir, f), 'utf8'), f).not.toMatch(/Math\.random|Date\.now|performance\.now/);
  });
});
