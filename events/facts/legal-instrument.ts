/** LegalInstrumentIssued: an executive order, decree, statute... comes into being. */
import type { EntityRef, FactCommon } from '../common';
import type { Instrument } from './sanctions';

export interface LegalInstrumentIssuedData extends FactCommon {
  readonly instrument: Instrument;
  /** Who signed or issued it (actor side). */
  readonly issuer: EntityRef;
  /** Bodies charged with implementing it (other side), e.g. Treasury for EO 14114. */
  readonly delegatesTo?: readonly EntityRef[];
}
