import {
  ErrorType,
  isCommandError,
  type AllStreamSubscription,
  type KurrentDBClient,
} from '@kurrent/kurrentdb-client';
import type { RecordedEvent, Subscription } from '../event-store.port';
import { ForeignEventError, fromKurrentEvent } from './event-mapping';
import { readPositionAfter } from './position-codec';
import { reconnectDelayMs, sleep, type BackoffPolicy } from './reconnect-backoff';
import { isOwnEvent, userEventsFilter } from './system-events';

export interface ReconnectLogger {
  warn(message: string): void;
}

/** Failures that reconnecting cannot fix; they end the iteration with the error instead. */
function isPermanent(error: unknown): boolean {
  if (error instanceof ForeignEventError) return true;
  if (!(error instanceof Error) || !isCommandError(error)) return false;
  return [ErrorType.ACCESS_DENIED, ErrorType.INVALID_ARGUMENT, ErrorType.UNSUPPORTED].includes(
    error.type,
  );
}

/**
 * unsubscribe() cancels the gRPC call but may leave the local stream open; destroying it as well
 * makes a pending next() finish instead of waiting forever.
 */
async function release(source: AllStreamSubscription): Promise<void> {
  await source.unsubscribe().catch(() => undefined);
  source.destroy();
}

/**
 * A catch-up subscription to $all that survives connection loss: it remembers the position of
 * the last event it saw and, when the server or network drops it, re-subscribes from there after
 * an exponential backoff, logging each attempt. Events at or before the checkpoint are dropped,
 * so a reconnect never delivers an event twice and never skips one.
 */
export class KurrentDbSubscription implements Subscription {
  private closed = false;
  private readonly stop = new AbortController();
  private current: AllStreamSubscription | null = null;
  private checkpoint: bigint | undefined;

  constructor(
    private readonly client: KurrentDBClient,
    after: bigint | undefined,
    private readonly logger: ReconnectLogger,
    private readonly backoff: BackoffPolicy,
  ) {
    this.checkpoint = after;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    let failures = 0;
    while (!this.closed) {
      const source = this.client.subscribeToAll({
        fromPosition: readPositionAfter(this.checkpoint),
        filter: userEventsFilter(),
      });
      this.current = source;
      // The server confirming the subscription means the connection is healthy again.
      source.once('confirmation', () => (failures = 0));
      try {
        for await (const { event } of source) {
          if (this.closed) return;
          if (event === undefined) continue;
          const commit = event.position.commit;
          if (this.checkpoint !== undefined && commit <= this.checkpoint) continue;
          if (!isOwnEvent(event.streamId, event.type)) {
            this.checkpoint = commit;
            continue;
          }
          const recorded = fromKurrentEvent(event);
          this.checkpoint = commit;
          yield recorded;
        }
        if (this.closed) return;
        throw new Error('the server ended the subscription');
      } catch (error) {
        if (this.closed) return;
        if (isPermanent(error)) throw error;
        failures += 1;
        const delay = reconnectDelayMs(failures, this.backoff);
        this.logger.warn(
          `KurrentDB subscription dropped (${error instanceof Error ? error.message : String(error)}); ` +
            `reconnect attempt ${failures} in ${delay} ms, resuming after position ` +
            `${this.checkpoint ?? 'start'}`,
        );
        await sleep(delay, this.stop.signal);
      } finally {
        this.current = null;
        await release(source);
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stop.abort();
    if (this.current !== null) await release(this.current);
  }
}
