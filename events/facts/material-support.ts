/** MaterialSupportAlleged: someone alleges that suppliers provide goods to a recipient. */
import type { EntityRef, FactCommon, ItemLink } from '../common';

export interface SupplyLine {
  /** Actor side; at least one. */
  readonly suppliers: readonly EntityRef[];
  readonly goods: string;
  readonly endUse?: string;
}

export interface MaterialSupportAllegedData extends FactCommon {
  /** At least one. */
  readonly supplies: readonly SupplyLine[];
  /** Target side. */
  readonly recipient: EntityRef;
  /** Who makes the allegation (other side). */
  readonly allegedBy: EntityRef;
  readonly derivedFrom?: ItemLink;
}
