import { ConcurrencyError } from '../event-store/event-store.errors';
import type { EventStore } from '../event-store/event-store.port';
import type { AppendOutcome, AppMetrics } from './app-metrics';

/**
 * Counts and times appends and conflicts by wrapping `append` on the store instance. Wrapping here keeps
 * metrics out of every adapter; the store's behaviour (including idempotent retries, which count
 * as ok) is unchanged.
 */
export function observeAppends(store: EventStore, metrics: AppMetrics): void {
  const append = store.append.bind(store);
  store.append = async (stream, events, expected) => {
    const started = process.hrtime.bigint();
    const done = (outcome: AppendOutcome) => {
      metrics.appends.inc({ outcome });
      metrics.appendDuration.observe({ outcome }, Number(process.hrtime.bigint() - started) / 1e9);
    };
    try {
      const result = await append(stream, events, expected);
      done('ok');
      metrics.appendedEvents.inc(result.events.length);
      return result;
    } catch (error) {
      done(error instanceof ConcurrencyError ? 'conflict' : 'error');
      throw error;
    }
  };
}
