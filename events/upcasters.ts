/**
 * Upcasting: events are stored in the schema version they were written in and brought to the
 * current version on read, one step at a time, so deciders and projections only see the latest
 * shape. Add a step here whenever a CURRENT_SCHEMA_VERSION entry is bumped.
 */
import { CURRENT_SCHEMA_VERSION, isEventType, isFactType, type EventType } from './catalogue';

export class UpcastError extends Error {
  override readonly name = 'UpcastError';
  constructor(
    readonly type: string,
    readonly schemaVersion: number,
    reason: string,
  ) {
    super(`Cannot upcast ${type} v${schemaVersion}: ${reason}`);
  }
}

type Data = Readonly<Record<string, unknown>>;
/** Turns data of version n into data of version n + 1. */
type Step = (data: Data) => Data;

/**
 * TradeStatisticReported v1 -> v2: an observation's share was flat
 * (`percent`, `percentQualifier`, `percentOf`); v2 groups it as `share: { percent, qualifier, of }`,
 * so a share cannot be half-present.
 */
function tradeStatisticV1ToV2(data: Data): Data {
  const statistic = data.statistic as Data;
  const observations = (statistic.observations as readonly Data[]).map((observation) => {
    const { percent, percentQualifier, percentOf, ...rest } = observation;
    if (percent === undefined) return rest;
    return { ...rest, share: { percent, qualifier: percentQualifier, of: percentOf } };
  });
  return { ...data, statistic: { ...statistic, observations } };
}

const STEPS: { readonly [T in EventType]?: Readonly<Record<number, Step>> } = {
  TradeStatisticReported: { 1: tradeStatisticV1ToV2 },
};

export interface Upcasted {
  readonly schemaVersion: number;
  readonly data: Data;
}

/** Brings `data` stored as `type` v`schemaVersion` to the current version of that type. */
export function upcast(type: string, schemaVersion: number, data: Data): Upcasted {
  if (!isEventType(type)) throw new UpcastError(type, schemaVersion, 'unknown event type');
  const current = CURRENT_SCHEMA_VERSION[type];
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > current) {
    throw new UpcastError(type, schemaVersion, `supported versions are 1..${current}`);
  }
  let upcasted = data;
  for (let version = schemaVersion; version < current; version += 1) {
    const step = STEPS[type]?.[version];
    if (!step) throw new UpcastError(type, version, `no upcaster to v${version + 1}`);
    upcasted = step(upcasted);
  }
  if (type === 'ItemCorrected') upcasted = upcastEmbeddedFact(upcasted);
  return { schemaVersion: current, data: upcasted };
}

/** ItemCorrected carries the full resulting fact; it is upcast with the fact's own type. */
function upcastEmbeddedFact(data: Data): Data {
  const { factType, factSchemaVersion, fact } = data;
  if (typeof factType !== 'string' || !isFactType(factType)) {
    throw new UpcastError(
      'ItemCorrected',
      Number(factSchemaVersion),
      'missing or unknown factType',
    );
  }
  const inner = upcast(factType, Number(factSchemaVersion), fact as Data);
  return { ...data, factSchemaVersion: inner.schemaVersion, fact: inner.data };
}
