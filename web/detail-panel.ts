/**
 * The detail panel of the selected item: what, when (as stated and as a range), who did what to
 * whom, every source, confidence, and the recorded history.
 */
import { el, formatInstant } from './dom';
import { showHistory } from './history-view';
import { entityLabel, typeLabel, type EntityRef, type Source, type TimelineItem } from './items';

const SIDE_TITLES: Record<EntityRef['side'], string> = {
  actor: 'Actors',
  target: 'Targets',
  other: 'Also involved',
};

export function showDetail(
  panel: HTMLElement,
  item: TimelineItem,
  names: ReadonlyMap<string, string>,
  onClose: () => void,
  moveFocus: boolean,
): void {
  const heading = el('h2', { id: 'detail-heading', tabindex: '-1' }, item.headline);
  const close = el(
    'button',
    { type: 'button', class: 'close', 'aria-label': 'Close details' },
    '×',
  );
  close.addEventListener('click', onClose);
  const o = item.occurred;
  const historySection = el(
    'section',
    { 'aria-labelledby': 'history-heading' },
    el('h3', { id: 'history-heading' }, 'History'),
    el('p', {}, 'Loading history…'),
  );
  const parts: (HTMLElement | null)[] = [
    el('div', { class: 'detail-head' }, heading, close),
    el('p', { class: 'detail-type' }, typeLabel(item.type), item.stage ? ` · ${item.stage}` : ''),
    item.retraction
      ? el(
          'p',
          { class: 'retraction', role: 'note' },
          `Retracted (${item.retraction.kind}): ${item.retraction.reason}`,
        )
      : null,
    el('p', {}, item.summary),
    el(
      'dl',
      { class: 'facts' },
      el('dt', {}, 'Occurred, as stated'),
      el('dd', {}, o.asStated ?? o.edtf),
      el('dt', {}, 'Occurred, as a range'),
      el(
        'dd',
        {},
        `${o.earliest ?? 'open'} – ${o.latest ?? 'open'} (EDTF ${o.edtf}, ${o.precision})`,
      ),
      el('dt', {}, 'Confidence'),
      el('dd', {}, item.confidence),
      el('dt', {}, 'Countries'),
      el('dd', {}, item.countries.join(', ') || '—'),
      el('dt', {}, 'Topics'),
      el('dd', {}, item.topics.join(', ') || '—'),
      el('dt', {}, 'Recorded'),
      el(
        'dd',
        {},
        `${formatInstant(item.firstRecordedAt)} (version ${item.version}, last change ${formatInstant(item.lastRecordedAt)})`,
      ),
    ),
    ...(['actor', 'target', 'other'] as const).map((side) => entitySection(item, side, names)),
    el(
      'section',
      { 'aria-labelledby': 'sources-heading' },
      el('h3', { id: 'sources-heading' }, 'Sources'),
      el('ul', { class: 'sources' }, ...item.sources.map(sourceItem)),
    ),
    historySection,
  ];
  panel.replaceChildren(...parts.filter((part): part is HTMLElement => part !== null));
  panel.hidden = false;
  // Selecting from the list or timeline moves focus here; restoring a shared link does not.
  if (moveFocus) heading.focus();
  showHistory(item.itemId, historySection, names).catch((error: Error) =>
    historySection.replaceChildren(
      historySection.firstChild!,
      el('p', {}, `History unavailable: ${error.message}`),
    ),
  );
}

function entitySection(
  item: TimelineItem,
  side: EntityRef['side'],
  names: ReadonlyMap<string, string>,
): HTMLElement | null {
  const refs = item.entities.filter((e) => e.side === side);
  if (refs.length === 0) return null;
  const list = el('ul', { class: 'entities' });
  for (const ref of refs) {
    const cited =
      ref.nameAsCited && ref.nameAsCited !== entityLabel(ref, names)
        ? ` — cited as “${ref.nameAsCited}”`
        : '';
    list.append(
      el(
        'li',
        {},
        el('span', { class: 'entity-name' }, entityLabel(ref, names)),
        ` (${ref.role})${cited}`,
      ),
    );
  }
  return el('section', {}, el('h3', {}, SIDE_TITLES[side]), list);
}

function sourceItem(source: Source): HTMLElement {
  return el(
    'li',
    {},
    el('a', { href: source.url, rel: 'noopener noreferrer', target: '_blank' }, source.title),
    el(
      'div',
      { class: 'meta' },
      [source.publisher, source.publishedOn, source.kind].filter(Boolean).join(' · '),
    ),
    source.officialIdentifier
      ? el('div', { class: 'meta' }, `Identifier: ${source.officialIdentifier}`)
      : null,
    source.archiveUrl
      ? el(
          'a',
          { href: source.archiveUrl, rel: 'noopener noreferrer', target: '_blank' },
          'Archived copy',
        )
      : null,
    source.quote ? el('blockquote', {}, source.quote) : null,
  );
}
