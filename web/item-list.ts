/**
 * The same items as the timeline, as a list of buttons: the keyboard and screen-reader way to
 * browse and select (the vis-timeline canvas itself is mouse/touch only), and the phone layout.
 */
import { el } from './dom';
import { describeOccurred, typeLabel } from './items';
import type { ShownItem } from './timeline-view';

const MARK_TEXT: Record<string, string> = {
  'corrected-since': 'corrected since',
  'retracted-since': 'retracted since',
  'added-since': 'added since',
  'live-new': 'new',
  'live-updated': 'updated',
};

export function renderItemList(
  container: HTMLElement,
  shown: readonly ShownItem[],
  selected: string,
  onSelect: (itemId: string) => void,
): void {
  const sorted = [...shown].sort((a, b) =>
    (a.item.occurred.earliest ?? '').localeCompare(b.item.occurred.earliest ?? ''),
  );
  const list = el('ol', { class: 'item-list' });
  for (const { item, mark } of sorted) {
    const button = el(
      'button',
      {
        type: 'button',
        class: `item-button ${item.status} ${mark ?? ''}`,
        'aria-pressed': String(item.itemId === selected),
        'data-item-id': item.itemId,
      },
      el('span', { class: 'item-when' }, describeOccurred(item.occurred)),
      el('span', { class: 'item-headline' }, item.headline),
      el('span', { class: 'item-type' }, typeLabel(item.type)),
      item.stage ? el('span', { class: 'badge stage' }, item.stage) : null,
      item.status === 'retracted' ? el('span', { class: 'badge retracted' }, 'retracted') : null,
      mark ? el('span', { class: `badge ${mark}` }, MARK_TEXT[mark]) : null,
    );
    button.addEventListener('click', () => onSelect(item.itemId));
    list.append(el('li', {}, button));
  }
  const count = el(
    'p',
    { class: 'item-count' },
    `${shown.length} item${shown.length === 1 ? '' : 's'}`,
  );
  container.replaceChildren(count, list);
}

/** In place of the list when there is nothing valid to show, saying why. */
export function showNothing(container: HTMLElement, why: string): void {
  container.replaceChildren(el('p', { class: 'item-count error' }, why));
}
