/**
 * Exponential backoff for re-subscribing after the connection to KurrentDB drops. The delay
 * doubles per consecutive failure up to a ceiling; "full jitter" (a random share of the delay)
 * keeps many service instances from reconnecting to a recovering node in lock step.
 */
export interface BackoffPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly factor: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialDelayMs: 200,
  maxDelayMs: 30_000,
  factor: 2,
};

/** Delay before reconnect attempt `attempt` (1 = first retry). `random` is in [0, 1). */
export function reconnectDelayMs(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  }
  const ceiling = Math.min(
    policy.maxDelayMs,
    policy.initialDelayMs * policy.factor ** (attempt - 1),
  );
  // Half fixed, half random: never hammers (>= ceiling/2), never synchronised.
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Resolves after `ms`, or early (without error) when `signal` aborts, e.g. on close(). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
