/**
 * The few catalogue facts the read side needs, read through one seam: which event types open an
 * item, how a stored event is upcast to the latest schema, and which entities a fact mentions.
 */
import {
  FACT_TYPES,
  entityReferences,
  isFactType,
  upcast,
  type EntityReference,
  type ReferenceSide,
} from '../events';

export type { EntityReference, ReferenceSide };

export const FACT_EVENT_TYPES: ReadonlySet<string> = new Set(FACT_TYPES);

type Data = Readonly<Record<string, unknown>>;

/** Latest-shape data for a stored event; throws UpcastError for unknown types or versions. */
export function upcastEvent(type: string, schemaVersion: number, data: Data): Data {
  return upcast(type, schemaVersion, data).data;
}

/** Every entity a fact mentions, common and type-specific, with its role and side. */
export function factEntityReferences(type: string, fact: Data): EntityReference[] {
  if (!isFactType(type)) throw new Error(`${type} is not a fact type`);
  return entityReferences(type, fact as unknown as Parameters<typeof entityReferences>[1]);
}
