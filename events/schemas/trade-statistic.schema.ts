/** Schemas for TradeStatisticReported (schema version 2: the share is one object). */
import {
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO4217CurrencyCode,
  IsNumber,
  IsString,
  Matches,
  Max,
  Min,
} from 'class-validator';
import type { AsInput } from '../facts';
import {
  FIGURE_QUALIFIERS,
  TRADE_FLOWS,
  type Commodity,
  type FigureQualifier,
  type MoneyAmount,
  type Share,
  type TradeFlow,
  type TradeObservation,
  type TradeStatistic,
  type TradeStatisticReportedData,
} from '../facts/trade-statistic';
import {
  EntityRefSchema,
  FactCommonSchema,
  ItemLinkSchema,
  Nested,
  NestedArray,
  Text,
} from './common.schema';
import { Absent, IsEdtf } from './rules';

export class MoneyAmountSchema implements MoneyAmount {
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) amount: number;
  @IsISO4217CurrencyCode() currency: string;
  @Absent() @IsIn(FIGURE_QUALIFIERS) qualifier?: FigureQualifier;
  @Absent() @Text(300) of?: string;
}

export class ShareSchema implements Share {
  @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(100) percent: number;
  @IsIn(FIGURE_QUALIFIERS) qualifier: FigureQualifier;
  @Text(300) of: string;
}

export class TradeObservationSchema implements TradeObservation {
  @IsEdtf() period: string;
  @Absent() @Nested(() => MoneyAmountSchema) value?: MoneyAmountSchema;
  @Absent() @Nested(() => MoneyAmountSchema) totalValue?: MoneyAmountSchema;
  @Absent() @Nested(() => ShareSchema) share?: ShareSchema;
}

export class CommoditySchema implements Commodity {
  @Text(300) label: string;
  @IsArray()
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^\d{2,10}$/, { each: true, message: 'each HS code must be 2 to 10 digits' })
  hsCodes: string[];
}

export class TradeStatisticSchema implements TradeStatistic {
  @IsIn(TRADE_FLOWS) flow: TradeFlow;
  @Nested(() => EntityRefSchema) reporter: EntityRefSchema;
  @Nested(() => EntityRefSchema) partner: EntityRefSchema;
  @Nested(() => CommoditySchema) commodity: CommoditySchema;
  @NestedArray(() => TradeObservationSchema, 1) observations: TradeObservationSchema[];
  @Nested(() => EntityRefSchema) statedBy: EntityRefSchema;
  @Absent() @Text(1000) underlyingData?: string;
}

export class TradeStatisticReportedSchema
  extends FactCommonSchema
  implements AsInput<TradeStatisticReportedData>
{
  @Nested(() => TradeStatisticSchema) statistic: TradeStatisticSchema;
  @Absent() @Nested(() => ItemLinkSchema) derivedFrom?: ItemLinkSchema;
}
