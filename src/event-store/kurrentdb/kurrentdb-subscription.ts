import {
  ErrorType,
  isCommandError,
  START,
  type AllStreamSubscription,
  type KurrentDBClient,
} from '@kurrent/kurrentdb-client';
import type { RecordedEvent, Subscription } from '../event-store.port';
import { ForeignEventError, fromKurrentEvent } from './event-mapping';
import { EventStoreValidationError } from '../event-store.errors';
import { isInvalidArgument, notAnEventPosition } from './error-mapping';
import { reconnectDelayMs, sleep, type BackoffPolicy } from './reconnect-backoff';
import { isOwnEvent, userEventsFilter } from './system-events';

export interface ReconnectLogger {
  warn(message: string): void;
}

/** Failures that reconnecting cannot fix; they end the iteration with the error instead. */
function isPermanent(error: unknown): boolean {
  if (error instanceof ForeignEventError || error instanceof EventStoreValidationError) return true;
  if (!(error instanceof Error) || !isCommandError(error)) return false;
  return [ErrorType.ACCESS_DENIED, ErrorType.UNSUPPORTED].includes(error.type);
}

/** (commit, prepare), compared in that order: the order of $all. */
type LogPosition = { readonly commit: bigint; readonly prepare: bigint };
const isAtOrBefore = (a: LogPosition, b: LogPosition): boolean =>
  a.commit < b.commit || (a.commit === b.commit && a.prepare <= b.prepare);

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
  /**
   * The last position seen, as a (commit, prepare) pair: events of one legacy (TCP-era)
   * transaction share a commit position, so a commit-only checkpoint dropped all but the first.
   */
  private checkpoint: LogPosition | undefined;

  constructor(
    private readonly client: KurrentDBClient,
    after: bigint | undefined,
    private readonly logger: ReconnectLogger,
    private readonly backoff: BackoffPolicy,
  ) {
    this.checkpoint = after === undefined ? undefined : { commit: after, prepare: after };
  }

  /**
   * The server's filtered checkpoints move the resume position past the system events it
   * filtered out (without a handler the client drops them, and a reconnect re-scans all of
   * them). A checkpoint is only taken once the events sent before it have left the stream's
   * buffer, so a reconnect can never skip an event that was sent but not yet delivered.
   */
  private async checkpointReached(source: AllStreamSubscription, position: LogPosition) {
    while (source.readableLength > 0 && !source.destroyed && !this.closed) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (source.readableLength > 0) return;
    if (this.checkpoint === undefined || !isAtOrBefore(position, this.checkpoint)) {
      this.checkpoint = position;
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    let failures = 0;
    while (!this.closed) {
      const source: AllStreamSubscription = this.client.subscribeToAll({
        // Subscriptions start strictly after the position given; 0 is the start of the log.
        fromPosition: !this.checkpoint?.commit ? START : this.checkpoint,
        filter: userEventsFilter((_, position) => this.checkpointReached(source, position)),
      });
      this.current = source;
      // The server confirming the subscription means the connection is healthy again.
      source.once('confirmation', () => (failures = 0));
      try {
        for await (const { event } of source) {
          if (this.closed) return;
          if (event === undefined) continue;
          const position = event.position;
          if (this.checkpoint !== undefined && isAtOrBefore(position, this.checkpoint)) continue;
          if (!isOwnEvent(event.streamId, event.type)) {
            this.checkpoint = position;
            continue;
          }
          const recorded = fromKurrentEvent(event);
          this.checkpoint = position;
          yield recorded;
        }
        if (this.closed) return;
        throw new Error('the server ended the subscription');
      } catch (caught) {
        if (this.closed) return;
        // A start that is not an event's position: InvalidArgument, the same on every retry.
        const error = isInvalidArgument(caught) ? notAnEventPosition('after', caught) : caught;
        if (isPermanent(error)) throw error;
        failures += 1;
        const delay = reconnectDelayMs(failures, this.backoff);
        this.logger.warn(
          `KurrentDB subscription dropped (${error instanceof Error ? error.message : String(error)}); ` +
            `reconnect attempt ${failures} in ${delay} ms, resuming after position ` +
            `${this.checkpoint?.commit ?? 'start'}`,
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
