/**
 * Everything a person can change on the page, mirrored in the URL query string so that a link
 * restores the same view: filters, lanes, zoom window, as-of moment, comparison and selection.
 */

export interface Filters {
  entity: string;
  country: string;
  /** Whose law the fact is made under: an ISO code, EU or UN. */
  jurisdiction: string;
  topic: string;
  type: string;
  q: string;
  from: string;
  to: string;
  includeRetracted: boolean;
  /** An entity filter also matches its subsidiaries (registered with parentId). */
  includeSubsidiaries: boolean;
}

export interface ViewState extends Filters {
  lanes: 'type' | 'actor';
  /** Visible window of the timeline, `YYYY-MM-DD`; empty means "fit everything". */
  start: string;
  end: string;
  /** `position:<n>` or an RFC 3339 instant; empty means now. */
  asOf: string;
  compare: boolean;
  item: string;
}

/** The text filters, as the page's state and /timeline's parameters name them alike. */
const FILTER_KEYS = [
  'entity',
  'country',
  'jurisdiction',
  'topic',
  'type',
  'q',
  'from',
  'to',
] as const;
/** What the URL keeps as text: the filters, the window, the as-of moment and the selection. */
const TEXT_KEYS = [...FILTER_KEYS, 'start', 'end', 'asOf', 'item'] as const;

export function emptyState(): ViewState {
  return {
    entity: '',
    country: '',
    jurisdiction: '',
    topic: '',
    type: '',
    q: '',
    from: '',
    to: '',
    includeRetracted: false,
    includeSubsidiaries: false,
    lanes: 'type',
    start: '',
    end: '',
    asOf: '',
    compare: false,
    item: '',
  };
}

export function stateFromUrl(search: string): ViewState {
  const params = new URLSearchParams(search);
  const state = emptyState();
  for (const key of TEXT_KEYS) state[key] = params.get(key) ?? '';
  state.includeRetracted = params.get('includeRetracted') === 'true';
  state.includeSubsidiaries = params.get('includeSubsidiaries') === 'true';
  state.compare = params.get('compare') === 'true';
  state.lanes = params.get('lanes') === 'actor' ? 'actor' : 'type';
  return state;
}

/** Only non-default values, so shared links stay short. */
export function stateToQuery(state: ViewState): string {
  const params = new URLSearchParams();
  for (const key of TEXT_KEYS) if (state[key]) params.set(key, state[key]);
  if (state.includeRetracted) params.set('includeRetracted', 'true');
  if (state.includeSubsidiaries) params.set('includeSubsidiaries', 'true');
  if (state.compare) params.set('compare', 'true');
  if (state.lanes !== 'type') params.set('lanes', state.lanes);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The /timeline query for the current filters (and as-of), for the page and the exports alike. */
export function timelineQuery(state: ViewState, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of [...FILTER_KEYS, 'asOf'] as const) {
    if (state[key]) params.set(key, state[key]);
  }
  if (state.includeRetracted) params.set('includeRetracted', 'true');
  if (state.includeSubsidiaries) params.set('includeSubsidiaries', 'true');
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return `/timeline?${params.toString()}`;
}
