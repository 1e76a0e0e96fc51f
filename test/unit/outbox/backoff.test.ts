import { retryDelayMs } from '../../../src/outbox';

describe('outbox back-off', () => {
  it('when a message fails again and again, then the delay doubles from the base up to an hour', () => {
    const none = () => 0;
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, 10, none))).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(retryDelayMs(40, 10, none)).toBe(3_600_000);
  });

  it('when jitter is drawn, then the delay is at most a fifth shorter, never longer', () => {
    expect(retryDelayMs(1, 10, () => 0.999)).toBeGreaterThan(8_000);
    expect(retryDelayMs(1, 10, () => 0.999)).toBeLessThanOrEqual(10_000);
  });
});
