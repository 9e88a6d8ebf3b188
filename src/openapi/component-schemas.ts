import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { CountryCodes } from 'validator/lib/isISO31661Alpha2';
import {
  ENTITY_ID_PATTERN,
  ITEM_ID_PATTERN,
  MAX_ENTITY_ID_LENGTH,
  MAX_ITEM_ID_LENGTH,
} from '../../events/schemas/rules';
import { FACT_SCHEMAS } from '../../events/schemas/facts.schema';
import '../../events/schemas/entity.schema';
import '../../events/schemas/item.schema';
import { ERROR_CATALOGUE } from '../http/error-catalogue';
import { RESPONSE_SCHEMAS } from './response-schemas';

/** JSON Schema 2020-12 as OpenAPI 3.1 uses it. */
export type SchemaObject = Record<string, unknown>;

export const REF = '#/components/schemas/';

const COUNTRY_CODES = [...CountryCodes].sort();

/** Our custom class-validator rules, which the generic converter cannot know. */
const CUSTOM_RULES: Readonly<Record<string, SchemaObject>> = {
  isEntityId: {
    type: 'string',
    pattern: ENTITY_ID_PATTERN.source,
    maxLength: MAX_ENTITY_ID_LENGTH,
    examples: ['ent:country:CN'],
  },
  isItemId: {
    type: 'string',
    pattern: ITEM_ID_PATTERN.source,
    maxLength: MAX_ITEM_ID_LENGTH,
    examples: ['eo-14114'],
  },
  // The real code list (the service refuses `XX`), not just two capitals.
  isCountryCode: { type: 'string', enum: COUNTRY_CODES, description: 'ISO 3166-1 alpha-2' },
  isJurisdiction: {
    type: 'string',
    enum: [...COUNTRY_CODES, 'EU', 'UN'],
    description: 'ISO 3166-1 alpha-2, EU or UN',
  },
  isIsoDay: { type: 'string', format: 'date' },
  isPartialIsoDate: { type: 'string', pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' },
  isEdtf: {
    type: 'string',
    description: 'EDTF (ISO 8601-2): 2023, 2023-12, 2023-36 (Q4), 2021/2022, /2024-04-12',
  },
  isJsonPatch: {
    type: 'array',
    minItems: 1,
    items: { $ref: `${REF}JsonPatchOperation` },
    description: 'RFC 6902 JSON Patch against the fact (paths are JSON Pointers into data)',
  },
};

const POINTER = { type: 'string', pattern: '^(/[^/]*)*$', description: 'RFC 6901 JSON Pointer' };
const patchOperation = (
  op: readonly string[],
  extra: Record<string, unknown>,
  required: string[],
) => ({
  type: 'object',
  additionalProperties: false,
  required: ['op', 'path', ...required],
  properties: { op: { type: 'string', enum: op }, path: POINTER, ...extra },
});

/** RFC 6902 operations, one branch per shape so a client cannot send `add` without `value`. */
const JSON_PATCH_OPERATION: SchemaObject = {
  oneOf: [
    patchOperation(['add', 'replace', 'test'], { value: {} }, ['value']),
    patchOperation(['remove'], {}, []),
    patchOperation(['move', 'copy'], { from: POINTER }, ['from']),
  ],
};

/**
 * Request schemas generated from the same class-validator classes that validate requests, plus
 * the envelopes and problem+json written here. Fact types become `<Type>Schema` components.
 */
export function componentSchemas(): Record<string, SchemaObject> {
  const generated = validationMetadatasToSchemas({
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: REF,
    additionalConverters: Object.fromEntries(
      Object.entries(CUSTOM_RULES).map(([name, schema]) => [name, () => schema]),
    ),
  }) as Record<string, SchemaObject>;
  delete generated.FactCommonSchema; // abstract base; every fact type already includes its fields
  // Every request class is validated with forbidNonWhitelisted: unknown fields are refused.
  for (const schema of Object.values(generated)) schema.additionalProperties = false;
  return {
    ...generated,
    ...recordItemRequests(Object.keys(FACT_SCHEMAS)),
    JsonPatchOperation: JSON_PATCH_OPERATION,
    ...RESPONSE_SCHEMAS,
    WriteResult: {
      type: 'object',
      required: ['version', 'eventId', 'position', 'recordedAt', 'hash'],
      description: 'itemId on item writes, entityId on entity writes',
      properties: {
        itemId: { type: 'string' },
        entityId: { type: 'string' },
        version: { type: 'integer', minimum: 1, description: 'stream version; also the ETag' },
        eventId: { type: 'string', format: 'uuid' },
        position: {
          type: 'string',
          pattern: '^\\d+$',
          description: 'global position (pass as minPosition)',
        },
        recordedAt: { type: 'string', format: 'date-time' },
        hash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      },
    },
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem details',
      required: ['type', 'title', 'status', 'code'],
      properties: {
        type: { type: 'string', format: 'uri' },
        title: { type: 'string' },
        status: { type: 'integer' },
        code: { type: 'string', enum: Object.keys(ERROR_CATALOGUE) },
        detail: { type: 'string' },
        instance: { type: 'string' },
        checks: { type: 'object', description: 'NOT_READY: the failing readiness checks' },
        fields: {
          type: 'array',
          items: {
            type: 'object',
            required: ['field', 'message'],
            properties: { field: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  };
}

/**
 * POST /items: `type` picks the schema of `data`, so each fact type is its own envelope and a
 * discriminator ties them (a generated client then narrows `data` by `type`).
 */
function recordItemRequests(factTypes: readonly string[]): Record<string, SchemaObject> {
  const envelopes = Object.fromEntries(
    factTypes.map((type) => [
      `Record${type}Request`,
      {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'data'],
        properties: {
          type: { type: 'string', const: type },
          itemId: {
            type: 'string',
            pattern: ITEM_ID_PATTERN.source,
            maxLength: MAX_ITEM_ID_LENGTH,
            description: 'derived from the headline when absent',
          },
          data: { $ref: `${REF}${type}Schema` },
        },
      },
    ]),
  );
  return {
    ...envelopes,
    RecordItemRequest: {
      oneOf: Object.keys(envelopes).map((name) => ({ $ref: `${REF}${name}` })),
      discriminator: {
        propertyName: 'type',
        mapping: Object.fromEntries(factTypes.map((t) => [t, `${REF}Record${t}Request`])),
      },
    },
  };
}
