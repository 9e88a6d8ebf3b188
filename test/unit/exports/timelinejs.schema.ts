/**
 * TimelineJS 3's JSON format as documented at https://timeline.knightlab.com/docs/json-format.html,
 * written as JSON Schema (draft 2020-12). Strict (no unknown properties) so a misspelt field, which
 * TimelineJS would silently ignore, fails the test instead.
 */
const date = {
  type: 'object',
  required: ['year'],
  additionalProperties: false,
  dependentRequired: { day: ['month'] },
  properties: {
    year: { type: 'integer' },
    month: { type: 'integer', minimum: 1, maximum: 12 },
    day: { type: 'integer', minimum: 1, maximum: 31 },
    hour: { type: 'integer', minimum: 0, maximum: 23 },
    minute: { type: 'integer', minimum: 0, maximum: 59 },
    second: { type: 'integer', minimum: 0, maximum: 59 },
    millisecond: { type: 'integer', minimum: 0, maximum: 999 },
    display_date: { type: 'string' },
  },
};

const text = {
  type: 'object',
  additionalProperties: false,
  properties: { headline: { type: 'string' }, text: { type: 'string' } },
};

const slideProperties = {
  start_date: { $ref: '#/$defs/date' },
  end_date: { $ref: '#/$defs/date' },
  text: { $ref: '#/$defs/text' },
  media: {
    type: 'object',
    required: ['url'],
    properties: {
      url: { type: 'string' },
      caption: { type: 'string' },
      credit: { type: 'string' },
    },
  },
  group: { type: 'string' },
  display_date: { type: 'string' },
  background: { type: 'object' },
  autolink: { type: 'boolean' },
  unique_id: { type: 'string', pattern: '^[^\\s]+$' },
};

export const TIMELINEJS_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['events'],
  additionalProperties: false,
  properties: {
    title: {
      type: 'object',
      additionalProperties: false,
      properties: {
        text: { $ref: '#/$defs/text' },
        media: slideProperties.media,
        unique_id: slideProperties.unique_id,
      },
    },
    events: { type: 'array', items: { $ref: '#/$defs/event' } },
    eras: { type: 'array' },
    scale: { enum: ['human', 'cosmological'] },
  },
  $defs: {
    date,
    text,
    event: {
      type: 'object',
      required: ['start_date'],
      additionalProperties: false,
      properties: slideProperties,
    },
  },
} as const;
