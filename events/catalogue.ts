/** Every event type we store, with the schema version new events are written in. */
import type { FactType } from './facts';
import type { EntityEventType } from './entity-events';
import type { ItemEventType } from './item-events';

export const FACT_TYPES = [
  'SanctionImposed',
  'SanctionThreatened',
  'SanctionLifted',
  'LegalInstrumentIssued',
  'ExportControlImposed',
  'IntelligenceAssessmentPublished',
  'TradeStatisticReported',
  'MaterialSupportAlleged',
  'DiplomaticEngagementReported',
] as const satisfies readonly FactType[];

export type EventType = ItemEventType | EntityEventType;

/** Bump a type's version only together with an upcaster from the previous one (upcasters.ts). */
export const CURRENT_SCHEMA_VERSION: { readonly [T in EventType]: number } = {
  SanctionImposed: 1,
  SanctionThreatened: 1,
  SanctionLifted: 1,
  LegalInstrumentIssued: 1,
  ExportControlImposed: 1,
  IntelligenceAssessmentPublished: 1,
  TradeStatisticReported: 2,
  MaterialSupportAlleged: 1,
  DiplomaticEngagementReported: 1,
  ItemCorrected: 1,
  ItemRetracted: 1,
  EntityRegistered: 1,
  EntityAliasAdded: 1,
};

const FACT_TYPE_SET: ReadonlySet<string> = new Set(FACT_TYPES);

export function isFactType(type: string): type is FactType {
  return FACT_TYPE_SET.has(type);
}

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(CURRENT_SCHEMA_VERSION, type);
}
