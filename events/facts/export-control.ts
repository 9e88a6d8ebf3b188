/** ExportControlImposed: entity-list additions, licence requirements, export bans. */
import type { EntityRef, FactCommon, IsoDay } from '../common';

export const CONTROL_TYPES = [
  'entity-list-addition',
  'license-requirement',
  'end-use-control',
  'export-ban',
  'other',
] as const;
export type ControlType = (typeof CONTROL_TYPES)[number];

export const LICENSE_POLICIES = [
  'presumption-of-denial',
  'case-by-case',
  'presumption-of-approval',
  'no-license-required',
] as const;
export type LicensePolicy = (typeof LICENSE_POLICIES)[number];

export interface ExportControl {
  readonly controlType: ControlType;
  readonly licensePolicy?: LicensePolicy;
  /** e.g. "15 CFR Part 744, Supplement No. 4 (Entity List)". */
  readonly regulation?: string;
  readonly announcedOn?: IsoDay;
  readonly publishedOn?: IsoDay;
  readonly effectiveOn?: IsoDay;
}

export interface ExportControlImposedData extends FactCommon {
  readonly control: ExportControl;
  /** Actor side. */
  readonly authority: EntityRef;
  /** Target side; at least one. */
  readonly controlledParties: readonly EntityRef[];
}
