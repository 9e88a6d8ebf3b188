/**
 * TradeStatisticReported, schema version 2. Version 1 stored an observation's share flat
 * (`percent`, `percentQualifier`, `percentOf`); see events/upcasters.ts.
 */
import type { EntityRef, FactCommon, ItemLink } from '../common';

/** How the source qualifies a figure; kept because "nearly 70 %" is not "more than 70 %". */
export const FIGURE_QUALIFIERS = [
  'exactly',
  'about',
  'approximately',
  'nearly',
  'more-than',
  'less-than',
  'at-least',
  'at-most',
] as const;
export type FigureQualifier = (typeof FIGURE_QUALIFIERS)[number];

export interface MoneyAmount {
  readonly amount: number;
  /** ISO 4217, e.g. `USD`. */
  readonly currency: string;
  readonly qualifier?: FigureQualifier;
  /** What the amount is the total of, e.g. "all Russian machine-tool imports". */
  readonly of?: string;
}

export interface Share {
  /** 0..100. */
  readonly percent: number;
  readonly qualifier: FigureQualifier;
  /** The whole the share is of, e.g. "Russia's microelectronics (imports)". */
  readonly of: string;
}

export interface TradeObservation {
  /** EDTF, e.g. `2023`, `2023-36`. */
  readonly period: string;
  /** The flow's value in the period. */
  readonly value?: MoneyAmount;
  /** The total the share is taken of. */
  readonly totalValue?: MoneyAmount;
  readonly share?: Share;
}

export const TRADE_FLOWS = ['import', 'export'] as const;
export type TradeFlow = (typeof TRADE_FLOWS)[number];

export interface Commodity {
  readonly label: string;
  /** Harmonized System codes when the source gives them; empty rather than guessed. */
  readonly hsCodes: readonly string[];
}

export interface TradeStatistic {
  readonly flow: TradeFlow;
  /** The country whose imports/exports are measured (target side). */
  readonly reporter: EntityRef;
  /** The trading partner (actor side). */
  readonly partner: EntityRef;
  readonly commodity: Commodity;
  /** At least one. */
  readonly observations: readonly TradeObservation[];
  /** Who states the figures (other side). */
  readonly statedBy: EntityRef;
  readonly underlyingData?: string;
}

export interface TradeStatisticReportedData extends FactCommon {
  readonly statistic: TradeStatistic;
  readonly derivedFrom?: ItemLink;
}
