import { CURRENT_SCHEMA_VERSION, upcast, UpcastError, validateFactData } from '../../../events';
import { seedItemCommands, type RecordItemCommand } from '../../../events/seed';

const machineTools = seedItemCommands().find(
  (c): c is RecordItemCommand =>
    c.kind === 'record-item' && c.itemId === 'trade-machine-tools-2023q4',
) as RecordItemCommand;
const v2 = machineTools.data as unknown as {
  statistic: { observations: Record<string, unknown>[] };
};

/** The same fact as TradeStatisticReported v1 stored it: the share flat on the observation. */
function asV1(): Record<string, unknown> {
  const observations = v2.statistic.observations.map(({ share, ...rest }) => {
    const { percent, qualifier, of } = share as Record<string, unknown>;
    return { ...rest, percent, percentQualifier: qualifier, percentOf: of };
  });
  return { ...machineTools.data, statistic: { ...v2.statistic, observations } };
}

describe('upcast', () => {
  it('brings TradeStatisticReported v1 (flat percent) to v2 (share object)', () => {
    expect(CURRENT_SCHEMA_VERSION.TradeStatisticReported).toBe(2);
    const result = upcast('TradeStatisticReported', 1, asV1());
    expect(result.schemaVersion).toBe(2);
    expect(result.data).toEqual(machineTools.data);
    expect(validateFactData('TradeStatisticReported', result.data)).toEqual([]);
  });

  it('leaves a v1 observation without a share without one', () => {
    const data = {
      statistic: { observations: [{ period: '2021', value: { amount: 1, currency: 'USD' } }] },
    };
    expect(upcast('TradeStatisticReported', 1, data).data).toEqual(data);
  });

  it('returns current data unchanged', () => {
    expect(upcast('TradeStatisticReported', 2, machineTools.data as never).data).toBe(
      machineTools.data,
    );
    expect(upcast('SanctionImposed', 1, { a: 1 })).toEqual({ schemaVersion: 1, data: { a: 1 } });
  });

  it('upcasts the fact embedded in an ItemCorrected with the fact type and version it records', () => {
    const corrected = {
      kind: 'clarification',
      reason: 'r',
      patch: [],
      factType: 'TradeStatisticReported',
      factSchemaVersion: 1,
      fact: asV1(),
    };
    const result = upcast('ItemCorrected', 1, corrected);
    expect(result.data).toEqual({ ...corrected, factSchemaVersion: 2, fact: machineTools.data });
  });

  it.each([
    ['TradeStatisticReported', 3],
    ['TradeStatisticReported', 0],
    ['NoSuchEvent', 1],
  ])('refuses %s v%d', (type, version) => {
    expect(() => upcast(type, version, {})).toThrow(UpcastError);
  });
});
