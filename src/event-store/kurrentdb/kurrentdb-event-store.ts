import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { Logger } from '@nestjs/common';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  EventStoreValidationError,
} from '../event-store.errors';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedVersion,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  Subscription,
} from '../event-store.port';
import { assertPosition, prepareAppend } from '../append-validation';
import { isWrongExpectedVersion, mapKurrentError } from './error-mapping';
import { chainEvents } from './event-chain';
import { toEventData } from './event-mapping';
import { planAppend } from './expected-state';
import { KurrentDbSubscription, type ReconnectLogger } from './kurrentdb-subscription';
import { pingKurrent, readAllEvents, readHeadPosition, readStreamEvents } from './kurrentdb-reads';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './reconnect-backoff';
import { checkRetry, isSameAppend } from './retried-append';
import { StreamQueue } from './stream-queue';
import { isSystemStreamName } from './system-events';

export interface KurrentDbEventStoreOptions {
  readonly logger?: ReconnectLogger;
  readonly backoff?: BackoffPolicy;
  /** Attempts per append when other writers keep moving the stream head (expected `any`). */
  readonly appendAttempts?: number;
  /** How many of a stream's latest events are checked for the ids of a retried append. */
  readonly retryWindow?: number;
  readonly pingTimeoutMs?: number;
  readonly clock?: () => Date;
}

/**
 * The event-store port on KurrentDB / EventStoreDB (gRPC). Streams map one-to-one; the hash chain
 * is computed here from the stream head, and every write carries the exact revision it chained
 * against, so two writers can never interleave unchained events (the loser re-reads and retries).
 */
export class KurrentDbEventStore implements EventStore {
  private readonly logger: ReconnectLogger;
  private readonly appendQueue = new StreamQueue();

  constructor(
    private readonly client: KurrentDBClient,
    private readonly options: KurrentDbEventStoreOptions = {},
  ) {
    this.logger = options.logger ?? new Logger('KurrentDbEventStore');
  }

  /** Throws (from the client) when the string is not a valid KurrentDB connection string. */
  static connect(
    connectionString: string,
    options?: KurrentDbEventStoreOptions,
  ): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString), options);
  }

  async append(
    stream: string,
    events: readonly EventToAppend[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    const prepared = prepareAppend(stream, events, expected);
    if (isSystemStreamName(stream)) {
      throw new EventStoreValidationError('stream', "must not start with '$' (system streams)");
    }
    return this.appendQueue.run(stream, () => this.appendNow(stream, prepared, expected));
  }

  /** One append, alone on its stream in this process: read the head, chain, write, read back. */
  private async appendNow(
    stream: string,
    prepared: ReturnType<typeof prepareAppend>,
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    const ids = prepared.map((event) => event.id);
    const attempts = this.options.appendAttempts ?? 5;
    for (let attempt = 1; ; attempt += 1) {
      const limit = this.options.retryWindow ?? 100;
      const tail = await this.readStream(stream, { direction: 'backwards', limit });
      const retry = checkRetry(tail, ids, expected);
      if (retry.kind === 'original') return resultOf(retry.events);
      if (retry.kind === 'id-elsewhere') {
        throw new DuplicateEventIdError(retry.id, stream, retry.version);
      }
      const head = { version: tail[0]?.version ?? 0, hash: tail[0]?.hash ?? null };
      const plan = planAppend(expected, head.version, ids.length);
      if (plan.kind === 'conflict') throw new ConcurrencyError(stream, expected, plan.actual);
      if (plan.kind === 'maybe-duplicate') {
        // Older than the tail window: look at exactly the place the original would be.
        const stored = await this.readStream(stream, {
          from: plan.firstVersion,
          limit: ids.length,
        });
        if (isSameAppend(stored, ids)) return resultOf(stored);
        throw new ConcurrencyError(stream, expected, head.version);
      }
      const recordedAt = (this.options.clock?.() ?? new Date()).toISOString();
      const chained = chainEvents(stream, prepared, head, recordedAt);
      try {
        await this.client.appendToStream(stream, chained.map(toEventData), {
          streamState: plan.state,
        });
      } catch (error) {
        // Someone else moved the head (or our own earlier attempt landed): re-read and decide.
        if (isWrongExpectedVersion(error) && attempt < attempts) continue;
        throw mapKurrentError(error, stream, expected);
      }
      // Read back rather than trust our copy: positions are only known after the commit, and if
      // the server deduplicated the write, the stored events are the original ones.
      const stored = await this.readStream(stream, { from: plan.firstVersion, limit: ids.length });
      if (!isSameAppend(stored, ids)) {
        throw new Error(`append to ${stream} was acknowledged but reads back different events`);
      }
      return resultOf(stored);
    }
  }

  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return readStreamEvents(this.client, stream, options);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return readAllEvents(this.client, options);
  }

  subscribe(options: { readonly after?: bigint } = {}): Subscription {
    if (options.after !== undefined) assertPosition(options.after, 'after');
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    return new KurrentDbSubscription(this.client, options.after, this.logger, backoff);
  }

  headPosition(): Promise<bigint> {
    return readHeadPosition(this.client);
  }

  ping(): Promise<void> {
    return pingKurrent(this.client, this.options.pingTimeoutMs ?? 2000);
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

function resultOf(events: readonly RecordedEvent[]): AppendResult {
  const first = events[0];
  const last = events[events.length - 1];
  if (first === undefined || last === undefined) throw new Error('an append has events');
  return {
    firstVersion: first.version,
    lastVersion: last.version,
    position: last.position,
    events,
  };
}
