/**
 * Every EntityRef a fact contains, common and type-specific, with the side it stands on. The write
 * side rejects facts naming unknown entities; the read side indexes items by entity and side.
 */
import type { EntityRef } from './common';
import type { FactDataByType, FactType } from './facts';

export type ReferenceSide = 'actor' | 'target' | 'other';

export interface EntityReference {
  readonly entityId: string;
  readonly role: string;
  readonly side: ReferenceSide;
  readonly nameAsCited?: string;
}

type Sided = readonly (readonly [ReferenceSide, readonly EntityRef[]])[];

/** The type-specific references of each fact type; the common actors/targets are added to all. */
const SPECIFIC: { readonly [T in FactType]: (fact: FactDataByType[T]) => Sided } = {
  SanctionImposed: (f) => [
    ['actor', [f.authority]],
    ['target', f.sanctionedParties],
  ],
  SanctionThreatened: (f) => [
    ['actor', f.threatenedBy],
    ['target', f.addressees],
  ],
  SanctionLifted: (f) => [
    ['actor', [f.authority]],
    ['target', f.delistedParties],
  ],
  LegalInstrumentIssued: (f) => [
    ['actor', [f.issuer]],
    ['other', f.delegatesTo ?? []],
  ],
  ExportControlImposed: (f) => [
    ['actor', [f.authority]],
    ['target', f.controlledParties],
  ],
  IntelligenceAssessmentPublished: (f) => [['actor', [f.issuingGovernment]]],
  TradeStatisticReported: (f) => [
    ['actor', [f.statistic.partner]],
    ['target', [f.statistic.reporter]],
    ['other', [f.statistic.statedBy]],
  ],
  MaterialSupportAlleged: (f) => [
    ['actor', f.supplies.flatMap((line) => line.suppliers)],
    ['target', [f.recipient]],
    ['other', [f.allegedBy]],
  ],
  DiplomaticEngagementReported: (f) => [['other', f.participants]],
};

/**
 * All references of `fact`, de-duplicated on (entityId, role, side), in first-seen order. Accepts
 * input facts too (only `occurred` differs, and it holds no references).
 */
export function entityReferences<T extends FactType>(
  type: T,
  fact: Omit<FactDataByType[T], 'occurred'>,
): EntityReference[] {
  const specific = SPECIFIC[type] as unknown as (f: typeof fact) => Sided;
  const groups: Sided = [['actor', fact.actors], ['target', fact.targets], ...specific(fact)];
  // Keyed on (entityId, role, side); a later citation fills in a missing nameAsCited.
  const byKey = new Map<string, EntityReference>();
  for (const [side, refs] of groups) {
    for (const ref of refs) {
      const key = `${ref.entityId}\u0000${ref.role}\u0000${side}`;
      const known = byKey.get(key);
      if (known?.nameAsCited !== undefined) continue;
      const nameAsCited = known?.nameAsCited ?? ref.nameAsCited;
      const base = { entityId: ref.entityId, role: ref.role, side };
      byKey.set(key, nameAsCited === undefined ? base : { ...base, nameAsCited });
    }
  }
  return [...byKey.values()];
}

/** The distinct entity ids a fact refers to, in first-seen order. */
export function referencedEntityIds<T extends FactType>(
  type: T,
  fact: Omit<FactDataByType[T], 'occurred'>,
): string[] {
  return [...new Set(entityReferences(type, fact).map((ref) => ref.entityId))];
}
