/** IntelligenceAssessmentPublished: a government makes (part of) an assessment public. */
import type { EntityRef, FactCommon } from '../common';

export const RELEASE_MODES = [
  'background-briefing',
  'press-release',
  'report',
  'testimony',
  'other',
] as const;
export type ReleaseMode = (typeof RELEASE_MODES)[number];

export interface AssessmentRelease {
  readonly mode: ReleaseMode;
  /** e.g. "two senior Biden administration officials (anonymous)". */
  readonly attributedTo?: string;
  readonly classificationNote?: string;
}

/** One claim of the assessment; `claimId` is unique within the item so other items can cite it. */
export interface AssessmentClaim {
  readonly claimId: string;
  readonly text: string;
  /** The item that records this claim as its own fact, when there is one. */
  readonly derivedItemId?: string;
}

export interface IntelligenceAssessmentPublishedData extends FactCommon {
  readonly release: AssessmentRelease;
  /** Actor side. */
  readonly issuingGovernment: EntityRef;
  /** At least one. */
  readonly claims: readonly AssessmentClaim[];
}
