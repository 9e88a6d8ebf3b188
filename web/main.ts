/**
 * Wires the page together: state from the URL -> API requests -> timeline, list and detail panel,
 * and every change back into the URL so the view can be shared as a link.
 */
// The library's stylesheet first, so the page's own rules override it.
import 'vis-timeline/styles/vis-timeline-graph2d.min.css';
import './page.css';
import './timeline.css';
import './panels.css';
import { getJson } from './api';
import { AsOfSlider } from './as-of-slider';
import { showDetail } from './detail-panel';
import { announce, byId } from './dom';
import { initExports } from './exports';
import { initFilterBar } from './filter-bar';
import { LiveUpdates, type LiveChange } from './live-updates';
import { renderItemList, showNothing } from './item-list';
import { toTimelineItem, type TimelineItem } from './items';
import { TimelineView, type ChangeMark, type ShownItem } from './timeline-view';
import { stateFromUrl, stateToQuery, timelineQuery, type ViewState } from './view-state';

const state: ViewState = stateFromUrl(location.search);
const names = new Map<string, string>();
let shown: ShownItem[] = [];
/** Only the latest refresh may render: quick successive changes (slider keys) must not race. */
let refreshTicket = 0;

const timeline = new TimelineView(byId('timeline'), {
  onSelect: (itemId) => (itemId ? void select(itemId) : closeDetail()),
  onWindowChange: (start, end) => {
    Object.assign(state, { start, end });
    saveUrl();
  },
});
const slider = new AsOfSlider((asOf) => {
  state.asOf = asOf;
  void refresh();
});

const live = new LiveUpdates(byId('live-status'), (change) => void applyLive(change));

/** A change from the live feed: the item is added, replaced or dropped without moving the view. */
async function applyLive(change: LiveChange): Promise<void> {
  const index = shown.findIndex((s) => s.item.itemId === change.itemId);
  const drop =
    change.change === 'removed' || (change.change === 'retracted' && !state.includeRetracted);
  if (drop) {
    if (index < 0) return;
    shown.splice(index, 1);
  } else {
    const item = toTimelineItem(change.item);
    const entry: ShownItem = { item, mark: index < 0 ? 'live-new' : 'live-updated' };
    if (index < 0) shown.push(entry);
    else shown[index] = entry;
    await loadNames([entry]);
  }
  const view = timeline.window();
  const scroll = window.scrollY;
  timeline.render(shown, state.lanes, names);
  timeline.show(view.start, view.end);
  timeline.select(state.item || null);
  renderItemList(byId('item-list'), shown, state.item, (itemId) => void select(itemId));
  window.scrollTo(0, scroll);
  announce(
    `Showing ${shown.length} item${shown.length === 1 ? '' : 's'} (live: ${change.itemId} ${change.change}).`,
  );
}

/** The page's filters as the feed takes them (the /timeline query without asOf). */
function liveFilters(): URLSearchParams {
  const params = new URLSearchParams(timelineQuery(state).split('?')[1] ?? '');
  params.delete('asOf');
  return params;
}

function saveUrl(): void {
  history.replaceState(null, '', `${location.pathname}${stateToQuery(state)}`);
}

/** The most items the page draws; more would make the timeline unreadable and slow. */
const MAX_SHOWN_ITEMS = 5000;

interface Loaded {
  readonly items: TimelineItem[];
  /** The position the answer reflects (for asOf, the position it resolved to). */
  readonly position: string;
  /** False when more items matched than the page draws. */
  readonly complete: boolean;
}

/** The pages of the /timeline answer for `view` (500 items per request), up to MAX_SHOWN_ITEMS. */
async function loadItems(view: ViewState): Promise<Loaded> {
  const items: TimelineItem[] = [];
  let cursor: string | null = null;
  let position = '';
  do {
    // Later pages keep the first page's moment, so items recorded meanwhile cannot shift them.
    const at = cursor && !view.asOf ? { ...view, asOf: `position:${position}` } : view;
    const page: { items: unknown[]; nextCursor: string | null; position: string } = await getJson(
      timelineQuery(at, cursor ? { limit: '500', cursor } : { limit: '500' }),
    );
    items.push(...page.items.map(toTimelineItem));
    cursor = page.nextCursor;
    position ||= page.position;
  } while (cursor && items.length < MAX_SHOWN_ITEMS);
  return { items, position, complete: cursor === null };
}

/** As of a past moment: mark what changed since, and with "compare" also show what was added. */
async function marksAgainstNow(then: TimelineItem[]): Promise<ShownItem[]> {
  const { items: now } = await loadItems({ ...state, asOf: '', includeRetracted: true });
  const nowById = new Map(now.map((item) => [item.itemId, item]));
  const thenIds = new Set(then.map((item) => item.itemId));
  const shownThen = then.map((item): ShownItem => {
    const current = nowById.get(item.itemId);
    let mark: ChangeMark = null;
    if (current && current.version > item.version) {
      mark =
        current.status === 'retracted' && item.status === 'live'
          ? 'retracted-since'
          : 'corrected-since';
    }
    return { item, mark };
  });
  if (!state.compare) return shownThen;
  const added = now.filter((item) => !thenIds.has(item.itemId) && item.status === 'live');
  return [...shownThen, ...added.map((item): ShownItem => ({ item, mark: 'added-since' }))];
}

/** Entity ids per request for display names: a page of thousands of items stays a few requests. */
const NAMES_PER_REQUEST = 100;

/** Display names for the entities on screen (lanes by actor and the detail panel). */
async function loadNames(items: readonly ShownItem[]): Promise<void> {
  const missing = [
    ...new Set(
      items.flatMap((s) => s.item.entities.map((e) => e.entityId)).filter((id) => !names.has(id)),
    ),
  ];
  for (let first = 0; first < missing.length; first += NAMES_PER_REQUEST) {
    const ids = missing.slice(first, first + NAMES_PER_REQUEST);
    const query = ids.map((id) => `id=${encodeURIComponent(id)}`).join('&');
    const found = await getJson<{ entities: { entityId: string; name: string }[] }>(
      `/entities?${query}`,
    ).catch(() => ({ entities: [] }));
    for (const entity of found.entities) names.set(entity.entityId, entity.name);
  }
}

function render(): void {
  document.body.classList.toggle('comparing', Boolean(state.asOf && state.compare));
  timeline.render(shown, state.lanes, names);
  timeline.show(state.start, state.end);
  timeline.select(state.item || null);
  renderItemList(byId('item-list'), shown, state.item, (itemId) => void select(itemId));
}

async function refresh(): Promise<void> {
  const ticket = ++refreshTicket;
  saveUrl();
  announce('Loading…');
  try {
    const { items, position, complete } = await loadItems(state);
    const next = state.asOf
      ? await marksAgainstNow(items)
      : items.map((item): ShownItem => ({ item, mark: null }));
    await loadNames(next);
    if (ticket !== refreshTicket) return;
    shown = next;
    render();
    slider.show(state.asOf, position);
    live.follow(state.asOf ? null : liveFilters(), position);
    const when = state.asOf ? ` (${byId('as-of-output').textContent ?? state.asOf})` : '';
    announce(
      complete
        ? `Showing ${shown.length} item${shown.length === 1 ? '' : 's'}${when}.`
        : `Showing the first ${items.length.toLocaleString('en')} matching items${when}: narrow the filters or the dates to see the rest (exports include every item).`,
    );
    if (state.item) await select(state.item, false);
  } catch (error) {
    if (ticket !== refreshTicket) return;
    // What is drawn answered other filters: showing it under the error would pass it off as theirs.
    shown = [];
    render();
    showNothing(byId('item-list'), 'No items shown: the filters could not be applied (see above).');
    announce(`Could not load the timeline: ${(error as Error).message}`, true);
  }
}

async function select(itemId: string, moveFocus = true): Promise<void> {
  state.item = itemId;
  saveUrl();
  timeline.select(itemId);
  renderItemList(byId('item-list'), shown, itemId, (id) => void select(id));
  try {
    const item =
      shown.find((s) => s.item.itemId === itemId)?.item ??
      toTimelineItem(
        await getJson(
          `/items/${encodeURIComponent(itemId)}${state.asOf ? `?asOf=${encodeURIComponent(state.asOf)}` : ''}`,
        ),
      );
    await loadNames([{ item, mark: null }]);
    showDetail(byId('detail'), item, names, closeDetail, moveFocus);
    timeline.relayout();
  } catch (error) {
    announce(`Could not open ${itemId}: ${(error as Error).message}`, true);
  }
}

function closeDetail(): void {
  state.item = '';
  saveUrl();
  byId('detail').hidden = true;
  timeline.relayout();
  timeline.select(null);
  renderItemList(byId('item-list'), shown, '', (id) => void select(id));
}

initFilterBar(
  state,
  (filters) => {
    Object.assign(state, filters);
    void refresh();
  },
  (lanes) => {
    state.lanes = lanes;
    saveUrl();
    render();
  },
);
initExports(() => state);
for (const direction of ['in', 'out'] as const) {
  byId(`zoom-${direction}`).addEventListener('click', () => {
    timeline.zoom(direction);
    Object.assign(state, timeline.window());
    saveUrl();
  });
}
byId('zoom-fit').addEventListener('click', () => {
  Object.assign(state, { start: '', end: '' });
  saveUrl();
  timeline.show('', '');
});
const compare = byId<HTMLInputElement>('compare');
compare.checked = state.compare;
compare.addEventListener('change', () => {
  state.compare = compare.checked;
  void refresh();
});

void (async () => {
  await slider.load();
  slider.show(state.asOf);
  await refresh();
})();
