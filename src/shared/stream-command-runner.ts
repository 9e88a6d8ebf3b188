import { Inject, Injectable } from '@nestjs/common';
import { CURRENT_SCHEMA_VERSION, upcast, type EventType } from '../../events';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  EventStoreValidationError,
} from '../event-store/event-store.errors';
import {
  EVENT_STORE,
  type EventStore,
  type ExpectedVersion,
  type JsonObject,
  type RecordedEvent,
} from '../event-store/event-store.port';
import { DomainError } from './domain-error';
import type { WriteContext, WriteResult } from './write-context';

export interface Decider<S, C, E extends { readonly type: string; readonly data: unknown }> {
  readonly initialState: S;
  readonly evolve: (state: S, event: E) => S;
  readonly decide: (command: C, state: S) => E[];
  readonly versionOf: (state: S) => number;
}

export interface RunOptions<E> {
  /** Checks needing I/O (e.g. referenced entities exist) on the decided events, before appending. */
  readonly beforeAppend?: (events: readonly E[]) => Promise<void>;
  /**
   * The command creates its stream (nearly always against no stream): decide against the
   * initial state and append expecting no stream, without reading it first. Anything but
   * success is answered by the normal path, so answers and their order of checks are unchanged.
   */
  readonly createsStream?: boolean;
}

const MAX_ATTEMPTS = 5;

/**
 * The write path of every command: load the stream, fold it, decide, append at exactly the
 * version that was folded. A retry carrying the same derived event id finds its own event in the
 * stream and answers from the record, so a retried request never appends twice.
 */
@Injectable()
export class StreamCommandRunner {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async run<S, C, E extends { readonly type: string; readonly data: unknown }>(
    stream: string,
    decider: Decider<S, C, E>,
    command: C,
    context: WriteContext,
    options: RunOptions<E> = {},
  ): Promise<WriteResult> {
    if (options.createsStream) {
      const created = await this.tryCreate(stream, decider, command, context, options);
      if (created !== null) return created;
    }
    for (let attempt = 1; ; attempt++) {
      const history = await this.store.readStream(stream);
      const replay = context.eventId ? history.find((e) => e.id === context.eventId) : undefined;
      if (replay) return toWriteResult(replay);
      const state = history.map(asDomainEvent<E>).reduce(decider.evolve, decider.initialState);
      const events = decider.decide(command, state);
      await options.beforeAppend?.(events);
      const version = decider.versionOf(state);
      try {
        return await this.append(stream, events, version === 0 ? 'no-stream' : version, context);
      } catch (error) {
        if (!(error instanceof ConcurrencyError)) throw error;
        // Someone appended first: fold again and re-decide. That finds our own event if the other
        // writer was our retried twin, and a stale If-Match then fails in the decider (412).
        if (attempt >= MAX_ATTEMPTS)
          throw new DomainError('CONCURRENT_WRITE', 'the stream kept changing; retry');
      }
    }
  }

  /**
   * The stream-creating fast path. Null when the stream exists after all, the command is refused
   * or an id is reused: the normal path then reads, folds and answers exactly as it always has
   * (ITEM_EXISTS before a validation problem, a retried request from its stored event, …).
   */
  private async tryCreate<S, C, E extends { readonly type: string; readonly data: unknown }>(
    stream: string,
    decider: Decider<S, C, E>,
    command: C,
    context: WriteContext,
    options: RunOptions<E>,
  ): Promise<WriteResult | null> {
    try {
      const events = decider.decide(command, decider.initialState);
      await options.beforeAppend?.(events);
      return await this.append(stream, events, 'no-stream', context);
    } catch (error) {
      if (REDONE_BY_NORMAL_PATH.some((type) => error instanceof type)) return null;
      throw error;
    }
  }

  private async append<E extends { readonly type: string; readonly data: unknown }>(
    stream: string,
    events: readonly E[],
    expected: ExpectedVersion,
    context: WriteContext,
  ): Promise<WriteResult> {
    const appending = this.store.append(
      stream,
      events.map((event, index) => ({
        id: index === 0 ? context.eventId : undefined,
        type: event.type,
        schemaVersion: CURRENT_SCHEMA_VERSION[event.type as EventType],
        data: event.data as JsonObject,
        metadata: {
          recordedBy: context.recordedBy,
          correlationId: context.correlationId,
          causationId: context.causationId,
          extra: context.assertedRecordedAt
            ? { assertedRecordedAt: context.assertedRecordedAt }
            : undefined,
        },
      })),
      expected,
    );
    context.onAppending?.();
    const result = await appending;
    return toWriteResult(result.events[result.events.length - 1]);
  }
}

/** Failures of the fast path that the normal path answers itself (other errors are real). */
const REDONE_BY_NORMAL_PATH = [
  DomainError,
  ConcurrencyError,
  DuplicateEventIdError,
  EventStoreValidationError,
];

export function asDomainEvent<E>(recorded: RecordedEvent): E {
  const { data } = upcast(recorded.type, recorded.schemaVersion, recorded.data);
  return { type: recorded.type, data } as E;
}

function toWriteResult(event: RecordedEvent): WriteResult {
  return {
    stream: event.stream,
    version: event.version,
    eventId: event.id,
    position: event.position,
    recordedAt: event.metadata.recordedAt,
    hash: event.hash,
  };
}
