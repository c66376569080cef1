import { describe, expect, it } from 'vitest';
import { createServerClock } from '../../client/src/lib/server-clock.js';

describe('createServerClock', () => {
  it('is the browser clock until the server has spoken', () => {
    expect(createServerClock().now(1234)).toBe(1234);
  });

  it('applies the offset of a single observation at real-time rate', () => {
    const c = createServerClock();
    c.observe(1_000_000, 10_000);
    expect(c.now(10_500)).toBe(1_000_500);
  });

  it('learns a simulation running 4x faster, so countdowns do not crawl', () => {
    const c = createServerClock();
    for (let i = 0; i <= 5; i++) c.observe(1_000_000 + i * 4000, 10_000 + i * 1000);
    expect(c.rate()).toBeCloseTo(4, 6);
    expect(c.now(15_500)).toBe(1_000_000 + 20_000 + 2000);
  });

  it('starts over when the server clock goes backwards (restart)', () => {
    const c = createServerClock();
    for (let i = 0; i <= 5; i++) c.observe(1_000_000 + i * 4000, i * 1000);
    c.observe(500, 6000);
    expect(c.rate()).toBe(1);
    expect(c.now(7000)).toBe(1500);
  });

  it('ignores garbage timestamps', () => {
    const c = createServerClock();
    c.observe(Number.NaN, 5);
    expect(c.now(42)).toBe(42);
  });
});
