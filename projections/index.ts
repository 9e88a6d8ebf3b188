export * from './projection';
export * from './reduce';
export * from './catalogue-bridge';
export * from './timeline-item.projection';
export * from './entity.projection';
