/** Public API of the event catalogue. */
export * from './common';
export * from './facts';
export * from './item-events';
export * from './entity-events';
export * from './catalogue';
export * from './edtf';
