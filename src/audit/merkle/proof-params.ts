import { queryParameters } from '../../http/known-query-parameters';

/** The query parameters of the proof routes (the controller refuses others; OpenAPI lists them). */
export const INCLUSION_PARAMETERS = queryParameters([
  [
    'eventId',
    'the event (its id, a UUID) whose place in the log is to be proven',
    { type: 'string', format: 'uuid' },
    'required',
  ],
  [
    'treeSize',
    "the checkpoint's tree size to prove against (default: the current tree)",
    { type: 'integer', minimum: 1, maximum: 999_999_999_999_999 },
  ],
]);

export const CONSISTENCY_PARAMETERS = queryParameters([
  [
    'from',
    'the tree size of the earlier checkpoint',
    { type: 'integer', minimum: 0, maximum: 999_999_999_999_999 },
    'required',
  ],
  [
    'to',
    'the tree size of the later checkpoint (default: the current tree)',
    { type: 'integer', minimum: 0, maximum: 999_999_999_999_999 },
  ],
]);
