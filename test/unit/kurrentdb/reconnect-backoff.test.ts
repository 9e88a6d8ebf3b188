import { reconnectDelayMs, sleep } from '../../../src/event-store/kurrentdb/reconnect-backoff';

const policy = { initialDelayMs: 100, maxDelayMs: 1000, factor: 2 };

describe('reconnect backoff', () => {
  it('doubles the delay per consecutive failure up to the ceiling', () => {
    const top = (attempt: number) => reconnectDelayMs(attempt, policy, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 20].map(top)).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('keeps at least half the delay and spreads the rest by the random draw', () => {
    expect(reconnectDelayMs(3, policy, () => 0)).toBe(200);
    expect(reconnectDelayMs(3, policy, () => 0.5)).toBe(300);
  });

  it('rejects attempt numbers below 1', () => {
    expect(() => reconnectDelayMs(0, policy)).toThrow(RangeError);
  });

  it('sleeps, and wakes early without error when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = sleep(60_000, controller.signal);
    controller.abort();
    await sleeping;
    expect(Date.now() - started).toBeLessThan(1000);
    await sleep(5, new AbortController().signal);
  });
});
