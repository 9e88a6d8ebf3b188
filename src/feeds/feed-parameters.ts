import { queryParameters, type QueryParameter } from '../http/known-query-parameters';
import { TIMELINE_PARAMETERS } from '../read-model/read-parameters';

/** Paging, moment and export parameters of /timeline mean nothing to a feed of changes. */
const NOT_FOR_FEEDS = new Set(['order', 'limit', 'cursor', 'asOf', 'minPosition', 'format', 'bom']);

export const FEED_PARAMETERS: readonly QueryParameter[] = [
  ...TIMELINE_PARAMETERS.filter((p) => !NOT_FOR_FEEDS.has(p.name)),
  ...queryParameters([
    [
      'after',
      'position:<n>: replay the changes after this position first (as the Last-Event-ID header does); default: only changes from now on',
      { type: 'string', pattern: '^position:(0|[1-9][0-9]{0,19})$' },
    ],
  ]),
];
