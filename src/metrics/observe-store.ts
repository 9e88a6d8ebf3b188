import { ConcurrencyError } from '../event-store/event-store.errors';
import type { EventStore } from '../event-store/event-store.port';
import type { AppMetrics } from './app-metrics';

/**
 * Counts appends and conflicts by wrapping `append` on the store instance. Wrapping here keeps
 * metrics out of every adapter; the store's behaviour (including idempotent retries, which count
 * as ok) is unchanged.
 */
export function observeAppends(store: EventStore, metrics: AppMetrics): void {
  const append = store.append.bind(store);
  store.append = async (stream, events, expected) => {
    try {
      const result = await append(stream, events, expected);
      metrics.appends.inc({ outcome: 'ok' });
      metrics.appendedEvents.inc(result.events.length);
      return result;
    } catch (error) {
      metrics.appends.inc({ outcome: error instanceof ConcurrencyError ? 'conflict' : 'error' });
      throw error;
    }
  };
}
