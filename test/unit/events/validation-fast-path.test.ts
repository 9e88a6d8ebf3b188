import { plainToInstance } from 'class-transformer';
import { IsDefined, IsInt, IsOptional, IsString, ValidateIf, validateSync } from 'class-validator';
import fc from 'fast-check';
import { deepClone } from 'fast-json-patch';
import {
  CorrectionBodySchema,
  EntityAliasAddedSchema,
  EntityRegisteredSchema,
  FACT_SCHEMAS,
  RetractionBodySchema,
  VALIDATION_OPTIONS,
} from '../../../events';
import { seedEntityCommands, seedItemCommands } from '../../../events/seed';
import { MIRRORED_OPTIONS, passesEveryConstraint } from '../../../events/validation-fast-path';
import { RecordItemRequest } from '../../../src/items/item-write.dto';

/** Decorator kinds the catalogue's schemas do not single out on their own. */
class DefinedOnly {
  @IsDefined() value!: unknown;
}
class Conditional {
  @IsOptional() @IsString() name?: string;
  @ValidateIf((o: Conditional) => o.name === 'counted') @IsInt() count?: number;
}

/**
 * The fast path may only say "valid" where class-validator finds no error. Checked on every seed
 * input and on many random mutations of them (each kind of input the API validates); it is
 * expected to agree both ways, so it also rejects what class-validator rejects.
 */
type Json = unknown;
const samples: ReadonlyArray<readonly [new () => object, Json]> = [
  ...seedItemCommands().map((c): readonly [new () => object, Json] => {
    if (c.kind === 'record-item') return [FACT_SCHEMAS[c.type], c.data];
    return [c.kind === 'correct-item' ? CorrectionBodySchema : RetractionBodySchema, c.data];
  }),
  ...seedEntityCommands().map((c) => [EntityRegisteredSchema, c.data] as const),
  [EntityAliasAddedSchema, { alias: 'ACME Corp', weak: false }],
  [RecordItemRequest, { type: 'SanctionImposed', itemId: 'a-1', data: {} }],
  [DefinedOnly, { value: 0 }],
  [Conditional, { name: 'counted', count: 3 }],
];

const classValidatorAccepts = (schema: new () => object, value: Json) =>
  validateSync(plainToInstance(schema, value), VALIDATION_OPTIONS).length === 0;
const fastAccepts = (schema: new () => object, value: Json) =>
  passesEveryConstraint(plainToInstance(schema, value));

/** Every container in the document with its path, the root included. */
function containers(value: Json, path = '$'): Array<[string, Record<string, Json> | Json[]]> {
  if (typeof value !== 'object' || value === null) return [];
  const own: [string, Record<string, Json> | Json[]] = [path, value as Record<string, Json>];
  const children = Object.entries(value).flatMap(([k, v]) => containers(v, `${path}.${k}`));
  return [own, ...children];
}

const replacement = fc.oneof(
  fc.constantFrom(null, '', ' ', 'x', 0, -1, 1.5, true, [], {}, [{}], ['CN'], [null]),
  fc.constantFrom('CN', 'cn', 'XX', 'EU', '2024', '2024-04', '2024-02-30', '2024-04-11', '11/04'),
  fc.constantFrom('https://example.org/a', 'ftp://example.org', 'example.org', 'ent:country:CN'),
  fc.constantFrom('GA-ASI', 'kebab-case', 'Not Kebab', 'x'.repeat(6000), '2024-04-11/2024-05'),
  fc.constantFrom('official-record', 'primary-official', 'asset-freeze', 'correction', 'duplicate'),
  fc.jsonValue({ maxDepth: 2 }),
);

const mutation = fc.record({
  at: fc.nat(),
  key: fc.nat(),
  kind: fc.constantFrom('replace', 'delete', 'add-unknown', 'duplicate'),
  value: replacement,
});

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(document: Json, m: Mutation): void {
  // A copy: fast-check reuses generated values across runs and shrinks, and a value inserted and
  // then mutated in place would become cyclic, which no JSON body can be.
  const value = deepClone(m.value);
  const all = containers(document);
  const [, target] = all[m.at % all.length];
  const keys = Object.keys(target);
  if (m.kind === 'add-unknown' && !Array.isArray(target)) target.zzUnknown = value;
  if (keys.length === 0) return;
  const key = keys[m.key % keys.length];
  if (m.kind === 'replace') (target as Record<string, Json>)[key] = value;
  if (m.kind === 'delete' && Array.isArray(target)) target.splice(Number(key), 1);
  if (m.kind === 'delete' && !Array.isArray(target)) delete target[key];
  if (m.kind === 'duplicate' && Array.isArray(target)) target.push(deepClone(target[0]));
}

describe('passesEveryConstraint (the validation fast path)', () => {
  it('mirrors the options validateWith uses', () => {
    expect(VALIDATION_OPTIONS).toMatchObject(MIRRORED_OPTIONS);
    for (const option of ['skipMissingProperties', 'skipNullProperties', 'skipUndefinedProperties'])
      expect(VALIDATION_OPTIONS).not.toHaveProperty(option);
    expect(VALIDATION_OPTIONS).not.toHaveProperty('groups');
  });

  it.each(samples.map(([schema, value]) => [schema.name, schema, value] as const))(
    'accepts the seed %s input, as class-validator does',
    (_name, schema, value) => {
      expect(classValidatorAccepts(schema, value)).toBe(true);
      expect(fastAccepts(schema, value)).toBe(true);
    },
  );

  it('agrees with class-validator on mutated inputs of every kind', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: samples.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        (which, mutations) => {
          const [schema, original] = samples[which];
          const document = deepClone(original);
          for (const m of mutations) mutate(document, m);
          expect(fastAccepts(schema, document)).toBe(classValidatorAccepts(schema, document));
        },
      ),
      { numRuns: 4000 },
    );
  });

  it('rejects what is not an object of a schema class', () => {
    expect(passesEveryConstraint({})).toBe(false);
    expect(passesEveryConstraint(Object.create(null) as object)).toBe(false);
  });
});
