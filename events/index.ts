/** Public API of the event catalogue. */
export * from './common';
export * from './facts';
export * from './item-events';
export * from './entity-events';
export * from './catalogue';
export * from './edtf';
export * from './validation';
export * from './schemas/rules';
export * from './schemas/common.schema';
export * from './schemas/sanctions.schema';
export * from './schemas/facts.schema';
export * from './schemas/item.schema';
export * from './schemas/entity.schema';
export * from './entity-references';
export * from './fact-input';
export * from './upcasters';
export * from './seed';
