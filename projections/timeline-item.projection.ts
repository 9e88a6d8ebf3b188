import { FACT_EVENT_TYPES, factEntityReferences, type EntityReference } from './catalogue-bridge';
import { ProjectionError, type Projection, type ProjectionEvent } from './projection';

/**
 * The timeline item view: the current fact of one item after every correction, whether it is
 * still live, and the fields the timeline filters on, derived once here instead of per query.
 */

export type ItemStatus = 'live' | 'retracted';

export interface Retraction {
  readonly kind: string;
  readonly reason: string;
  readonly duplicateOf: string | null;
}

export interface TimelineItemView {
  readonly itemId: string;
  /** The fact type that opened the item stream. */
  readonly type: string;
  readonly fact: Readonly<Record<string, unknown>>;
  readonly status: ItemStatus;
  readonly retraction: Retraction | null;
  readonly version: number;
  readonly firstRecordedAt: string;
  readonly lastRecordedAt: string;
  readonly firstPosition: bigint;
  readonly lastPosition: bigint;
  readonly entities: readonly EntityReference[];
  readonly countries: readonly string[];
  readonly topics: readonly string[];
  /** Inclusive day bounds of `fact.occurred`; null is open-ended. */
  readonly earliest: string | null;
  readonly latest: string | null;
  readonly confidence: string;
}

export const ITEM_STREAM_PREFIX = 'item-';

type Data = Readonly<Record<string, unknown>>;

function fail(event: ProjectionEvent, message: string): never {
  throw new ProjectionError(
    event.type,
    event.position,
    `${event.stream}@${event.version}: ${message}`,
  );
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The derived columns of a fact; a fact without an `occurred` object cannot be placed in time. */
function derive(event: ProjectionEvent, type: string, fact: Data) {
  const occurred = fact.occurred as Data | undefined;
  if (typeof occurred !== 'object' || occurred === null) fail(event, 'fact has no occurred');
  const day = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  return {
    fact,
    entities: factEntityReferences(type, fact),
    countries: strings(fact.countries),
    topics: strings(fact.topics),
    earliest: day(occurred.earliest),
    latest: day(occurred.latest),
    confidence: typeof fact.confidence === 'string' ? fact.confidence : 'unknown',
  };
}

function opened(event: ProjectionEvent): TimelineItemView {
  return {
    itemId: event.stream.slice(ITEM_STREAM_PREFIX.length),
    type: event.type,
    ...derive(event, event.type, event.data),
    status: 'live',
    retraction: null,
    version: event.version,
    firstRecordedAt: event.recordedAt,
    lastRecordedAt: event.recordedAt,
    firstPosition: event.position,
    lastPosition: event.position,
  };
}

function touched(item: TimelineItemView, event: ProjectionEvent): TimelineItemView {
  return {
    ...item,
    version: event.version,
    lastRecordedAt: event.recordedAt,
    lastPosition: event.position,
  };
}

export const timelineItemProjection: Projection<TimelineItemView> = {
  name: 'timeline-items',
  // 2: jurisdiction filter keys (a read model of version 1 is rebuilt beside the live one).
  version: 2,
  rowKey: (event) => (event.stream.startsWith(ITEM_STREAM_PREFIX) ? event.stream : null),
  opensRow: (event) => event.version === 1,
  evolve(current, event) {
    if (FACT_EVENT_TYPES.has(event.type)) {
      if (current) fail(event, `${event.type} on an item that already exists`);
      return opened(event);
    }
    if (!current) fail(event, `${event.type} before the item's opening fact`);
    if (current.status === 'retracted') fail(event, `${event.type} after retraction`);
    switch (event.type) {
      case 'ItemCorrected': {
        const fact = event.data.fact;
        if (typeof fact !== 'object' || fact === null) fail(event, 'correction carries no fact');
        return { ...touched(current, event), ...derive(event, current.type, fact as Data) };
      }
      case 'ItemRetracted': {
        const { kind, reason, duplicateOf } = event.data;
        return {
          ...touched(current, event),
          status: 'retracted',
          retraction: {
            kind: typeof kind === 'string' ? kind : 'unspecified',
            reason: typeof reason === 'string' ? reason : '',
            duplicateOf: typeof duplicateOf === 'string' ? duplicateOf : null,
          },
        };
      }
      default:
        return fail(event, `unknown item event type ${event.type}`);
    }
  },
};
