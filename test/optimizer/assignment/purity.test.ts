import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../optimizer');
const FORBIDDEN = /from\s+['"](node:[^'"]*|fs|path|express|socket\.io[^'"]*|ioredis|mongoose)['"]/;

describe('optimizer purity (assignment, arc-routing, squads)', () => {
  for (const dir of ['assignment', 'arc-routing', 'squads']) {
    it(`${dir}/ imports no I/O module and reads no environment`, () => {
      const files = readdirSync(join(root, dir)).filter((f) => f.endsWith('.ts'));
      expect(files.length).toBeGreaterThan(2);
      for (const f of files) {
        const src = readFileSync(join(root, dir, f), 'utf8');
        expect(src, `${dir}/${f}`).not.toMatch(FORBIDDEN);
        expect(src, `${dir}/${f}`).not.toMatch(/process\.|Math\.random/);
      }
    });
  }
});
