import fc from 'fast-check';

/**
 * fast-check values from the OpenAPI document's own JSON Schemas, for the schema-driven fuzz
 * test: mostly what the schema allows, sometimes a plain string in its place, so both the
 * accepting and the refusing paths of each route are walked. Depth and sizes are bounded to
 * keep one request small.
 */
type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export class SchemaArbitraries {
  constructor(private readonly document: Schema) {}

  /** A value for `schema`, wrong about one time in ten. */
  of(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
    return fc.oneof(
      { weight: 9, arbitrary: this.valid(schema, depth) },
      { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
    );
  }

  private valid(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    if (schema.$ref) return this.valid(this.resolve(schema.$ref), depth);
    if (depth > 6) return fc.constant({});
    const branches = schema.oneOf ?? schema.anyOf;
    if (branches) return fc.oneof(...branches.map((b: Schema) => this.valid(b, depth + 1)));
    if (schema.allOf) return this.valid(schema.allOf[0], depth);
    if ('const' in schema) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]));
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    switch (type) {
      case 'string':
        return stringOf(schema);
      case 'integer':
        return fc.integer({
          min: schema.minimum ?? -5,
          max: Math.min(schema.maximum ?? 1000, 2 ** 31),
        });
      case 'number':
        return fc.double({ noNaN: true, min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6 });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(this.of(schema.items ?? {}, depth + 1), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3)),
        });
      case 'object':
        return this.object(schema, depth);
      default:
        return fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null));
    }
  }

  private object(schema: Schema, depth: number): fc.Arbitrary<unknown> {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const model = Object.fromEntries(
      Object.entries(properties).map(([name, property]) => [name, this.of(property, depth + 1)]),
    );
    return fc.record(model, { requiredKeys: (schema.required ?? []) as string[] });
  }

  private resolve(pointer: string): Schema {
    return pointer
      .slice(2)
      .split('/')
      .reduce<Schema>(
        (node, part) => node[part.replace(/~1/g, '/').replace(/~0/g, '~')],
        this.document,
      );
  }
}

function stringOf(schema: Schema): fc.Arbitrary<string> {
  const maxLength = Math.min(schema.maxLength ?? 40, 40);
  if (schema.format === 'date')
    return fc
      .date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  if (schema.format === 'date-time')
    return fc
      .date({ noInvalidDate: true, min: new Date('1970-01-01'), max: new Date('2100-01-01') })
      .map((d) => d.toISOString());
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'uri') return fc.webUrl();
  if (schema.pattern) {
    try {
      return fc
        .stringMatching(new RegExp(schema.pattern))
        .filter((s) => s.length <= (schema.maxLength ?? 400));
    } catch {
      // a pattern fast-check cannot generate from (\p{L}...): any short string instead
    }
  }
  return fc.string({
    minLength: schema.minLength ?? 0,
    maxLength: Math.max(maxLength, schema.minLength ?? 0),
  });
}
