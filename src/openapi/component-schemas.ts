import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { ENTITY_ID_PATTERN, ITEM_ID_PATTERN } from '../../events/schemas/rules';
import { FACT_SCHEMAS } from '../../events/schemas/facts.schema';
import '../../events/schemas/entity.schema';
import '../../events/schemas/item.schema';
import { ERROR_CATALOGUE } from '../http/error-catalogue';

/** JSON Schema 2020-12 as OpenAPI 3.1 uses it. */
export type SchemaObject = Record<string, unknown>;

export const REF = '#/components/schemas/';

/** Our custom class-validator rules, which the generic converter cannot know. */
const CUSTOM_RULES: Readonly<Record<string, SchemaObject>> = {
  isEntityId: { type: 'string', pattern: ENTITY_ID_PATTERN.source, examples: ['ent:country:CN'] },
  isItemId: {
    type: 'string',
    pattern: ITEM_ID_PATTERN.source,
    maxLength: 120,
    examples: ['eo-14114'],
  },
  isCountryCode: { type: 'string', pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' },
  isJurisdiction: {
    type: 'string',
    pattern: '^[A-Z]{2}$',
    description: 'ISO 3166-1 alpha-2, EU or UN',
  },
  isIsoDay: { type: 'string', format: 'date' },
  isPartialIsoDate: { type: 'string', pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$' },
  isEdtf: {
    type: 'string',
    description: 'EDTF (ISO 8601-2): 2023, 2023-12, 2023-36 (Q4), 2021/2022, /2024-04-12',
  },
  isJsonPatch: { type: 'array', items: { type: 'object' }, description: 'RFC 6902 JSON Patch' },
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
  const factTypes = Object.keys(FACT_SCHEMAS);
  return {
    ...generated,
    RecordItemRequest: {
      type: 'object',
      required: ['type', 'data'],
      properties: {
        type: { type: 'string', enum: factTypes },
        itemId: {
          type: 'string',
          pattern: ITEM_ID_PATTERN.source,
          description: 'derived from the headline when absent',
        },
        data: { oneOf: factTypes.map((type) => ({ $ref: `${REF}${type}Schema` })) },
      },
    },
    WriteResult: {
      type: 'object',
      required: ['version', 'eventId', 'position', 'recordedAt', 'hash'],
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
