/**
 * The events of an item stream (`item-<itemId>`): one fact event first, then any number of
 * ItemCorrected, and at most one ItemRetracted, after which the item accepts nothing more.
 */
import type { SourceCitation } from './common';
import type { Fact, FactEvent, FactType } from './facts';

/** One RFC 6902 operation. Kept structural so events/ need not depend on a patch library's types. */
export type JsonPatchOperation =
  | { readonly op: 'add' | 'replace' | 'test'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string }
  | { readonly op: 'move' | 'copy'; readonly from: string; readonly path: string };

export const CORRECTION_KINDS = ['correction', 'clarification', 'update'] as const;
/** `correction`: the record was wrong; `clarification`: made more precise; `update`: the world moved on. */
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];

/** What a client sends to POST /items/{id}/corrections. */
export interface CorrectionBody {
  readonly kind: CorrectionKind;
  readonly reason: string;
  /** Applied to the fact data WITHOUT the derived occurred fields (earliest, latest, precision). */
  readonly patch: readonly JsonPatchOperation[];
  /** Evidence for the change. */
  readonly sources?: readonly SourceCitation[];
}

export interface ItemCorrectedData extends CorrectionBody {
  /** The item's fact type, so the embedded fact can be upcast without reading the stream. */
  readonly factType: FactType;
  /** Schema version of `fact` as written; upcasting brings it to the current one. */
  readonly factSchemaVersion: number;
  /** The full resulting fact, derived dates recomputed: projections never re-apply patches. */
  readonly fact: Fact;
}

export const RETRACTION_KINDS = [
  'erroneous',
  'duplicate',
  'source-withdrawn',
  'out-of-scope',
] as const;
export type RetractionKind = (typeof RETRACTION_KINDS)[number];

/** What a client sends to POST /items/{id}/retraction; also the ItemRetracted data. */
export interface RetractionBody {
  readonly kind: RetractionKind;
  readonly reason: string;
  /** Required when kind is `duplicate`: the itemId of the item kept. */
  readonly duplicateOf?: string;
}
export type ItemRetractedData = RetractionBody;

export interface ItemCorrectedEvent {
  readonly type: 'ItemCorrected';
  readonly data: ItemCorrectedData;
}
export interface ItemRetractedEvent {
  readonly type: 'ItemRetracted';
  readonly data: ItemRetractedData;
}

export type ItemEvent = FactEvent | ItemCorrectedEvent | ItemRetractedEvent;
export type ItemEventType = ItemEvent['type'];

/** `eo-14114` -> `item-eo-14114`. */
export function itemStreamName(itemId: string): string {
  return `item-${itemId}`;
}
