/**
 * DiplomaticEngagementReported. A planned engagement is recorded as `expected` or `announced` and
 * moved to `occurred` or `cancelled` by an ItemCorrected of kind `update` on the same item.
 */
import type { EntityRef, FactCommon, Location } from '../common';

export const ENGAGEMENT_FORMS = ['meeting', 'visit', 'call', 'summit', 'talks', 'other'] as const;
export type EngagementForm = (typeof ENGAGEMENT_FORMS)[number];

export const ENGAGEMENT_STATUSES = ['expected', 'announced', 'occurred', 'cancelled'] as const;
export type EngagementStatus = (typeof ENGAGEMENT_STATUSES)[number];

export interface Engagement {
  /** Absent when the source does not say whether it was a meeting, a call... */
  readonly form?: EngagementForm;
  readonly status: EngagementStatus;
  readonly location?: Location;
}

export interface DiplomaticEngagementReportedData extends FactCommon {
  readonly engagement: Engagement;
  /** Hosts, visitors, callers (other side); at least one. */
  readonly participants: readonly EntityRef[];
}
