import type { TimelineQuery } from '../../../src/read-model/timeline-query';

/** A timeline query with no filters, every item (retracted too), oldest first, as of `at`. */
export const timelineQuery = (at: bigint, extra: Partial<TimelineQuery> = {}): TimelineQuery => ({
  keyGroups: [],
  from: null,
  to: null,
  within: false,
  types: [],
  confidences: [],
  match: null,
  includeRetracted: true,
  order: 'asc',
  limit: 500,
  after: null,
  at,
  ...extra,
});
