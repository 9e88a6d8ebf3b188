/**
 * The few catalogue facts the read side needs: which event types open an item, how a stored
 * event is upcast, and which entities a fact mentions. Kept in one file so the projections read
 * the catalogue through a single seam.
 */

export const FACT_EVENT_TYPES: ReadonlySet<string> = new Set([
  'SanctionImposed',
  'SanctionThreatened',
  'SanctionLifted',
  'LegalInstrumentIssued',
  'ExportControlImposed',
  'IntelligenceAssessmentPublished',
  'TradeStatisticReported',
  'MaterialSupportAlleged',
  'DiplomaticEngagementReported',
]);

export type ReferenceSide = 'actor' | 'target' | 'other';

export interface EntityReference {
  readonly entityId: string;
  readonly role: string;
  readonly side: ReferenceSide;
}

type Data = Readonly<Record<string, unknown>>;

/** Latest-shape data for a stored event; every catalogue type is at schema version 1 today. */
export function upcastEvent(_type: string, _schemaVersion: number, data: Data): Data {
  return data;
}

function isEntityRef(value: unknown): value is { entityId: string; role?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { entityId?: unknown }).entityId === 'string'
  );
}

/**
 * Every entity a fact mentions with its role and side: `actors` are actors, `targets` targets,
 * and references in type-specific fields (authority, sanctionedParties, ...) keep their role with
 * side `other` unless the same entity already appears as actor or target in that role.
 */
export function factEntityReferences(_type: string, fact: Data): EntityReference[] {
  const found = new Map<string, EntityReference>();
  const add = (ref: unknown, side: ReferenceSide, fallbackRole: string): void => {
    if (!isEntityRef(ref)) return;
    const role = typeof ref.role === 'string' ? ref.role : fallbackRole;
    const key = `${ref.entityId}\u0000${role}`;
    if (!found.has(key)) found.set(key, { entityId: ref.entityId, role, side });
  };
  for (const ref of asArray(fact.actors)) add(ref, 'actor', 'actor');
  for (const ref of asArray(fact.targets)) add(ref, 'target', 'target');
  for (const [field, value] of Object.entries(fact)) {
    if (field === 'actors' || field === 'targets') continue;
    for (const ref of Array.isArray(value) ? value : [value]) add(ref, 'other', field);
  }
  return [...found.values()];
}

function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
