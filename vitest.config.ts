import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'optimizer/**/*.test.ts', 'server/**/*.test.ts', 'fixtures/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // browser and integration tests start servers on port 0; keep files parallel but bounded for 2 cores
    maxWorkers: 2,
  },
});
