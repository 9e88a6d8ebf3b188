import type { SchemaObject } from './component-schemas';

/** Small builders for the response schemas, so each reads as the type it mirrors. */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const DECIMAL = {
  type: 'string',
  pattern: '^\\d+$',
  description: 'decimal (may exceed 2^53)',
};
export const HEX64 = { type: 'string', pattern: '^[0-9a-f]{64}$' };
export const INSTANT = { type: 'string', format: 'date-time' };
export const DAY_OR_NULL = { type: ['string', 'null'], format: 'date' };
export const strings = { type: 'array', items: { type: 'string' } };
export const object = (required: string[], properties: Record<string, unknown>): SchemaObject => ({
  type: 'object',
  required,
  properties,
});
