/**
 * The filter bar. Text fields apply on submit (Enter or "Apply"); selects, checkboxes and the
 * lane switch apply at once. The entity field suggests names from GET /entities?q=, which also
 * matches aliases ("PRC" suggests China); the API resolves whatever name or alias is sent.
 */
import { getJson } from './api';
import { byId, el } from './dom';
import { FACT_TYPE_LABELS } from './items';
import type { Filters, ViewState } from './view-state';

const TEXT_FIELDS = ['entity', 'country', 'jurisdiction', 'topic', 'q', 'from', 'to'] as const;

interface EntitySummary {
  readonly entityId: string;
  readonly name: string;
  readonly aliases?: readonly string[];
}

export function initFilterBar(
  state: ViewState,
  onFilters: (filters: Filters) => void,
  onLanes: (lanes: ViewState['lanes']) => void,
): void {
  const form = byId<HTMLFormElement>('filters');
  const type = byId<HTMLSelectElement>('filter-type');
  type.append(
    ...Object.entries(FACT_TYPE_LABELS).map(([value, label]) => el('option', { value }, label)),
  );
  const retracted = byId<HTMLInputElement>('filter-includeRetracted');
  const subsidiaries = byId<HTMLInputElement>('filter-includeSubsidiaries');

  for (const key of TEXT_FIELDS) byId<HTMLInputElement>(`filter-${key}`).value = state[key];
  type.value = state.type;
  retracted.checked = state.includeRetracted;
  subsidiaries.checked = state.includeSubsidiaries;
  for (const radio of form.ownerDocument.querySelectorAll<HTMLInputElement>(
    'input[name="lanes"]',
  )) {
    radio.checked = radio.value === state.lanes;
    radio.addEventListener('change', () => onLanes(radio.value === 'actor' ? 'actor' : 'type'));
  }

  const read = (): Filters => {
    const filters = {
      type: type.value,
      includeRetracted: retracted.checked,
      includeSubsidiaries: subsidiaries.checked,
    } as Filters;
    for (const key of TEXT_FIELDS)
      filters[key] = byId<HTMLInputElement>(`filter-${key}`).value.trim();
    return filters;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onFilters(read());
  });
  type.addEventListener('change', () => onFilters(read()));
  retracted.addEventListener('change', () => onFilters(read()));
  subsidiaries.addEventListener('change', () => onFilters(read()));
  byId('filters-clear').addEventListener('click', () => {
    form.reset();
    onFilters(read());
  });
  suggestEntities(
    byId<HTMLInputElement>('filter-entity'),
    byId<HTMLDataListElement>('entity-suggestions'),
  );
}

function suggestEntities(input: HTMLInputElement, list: HTMLDataListElement): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) return;
    timer = setTimeout(async () => {
      const ticket = ++latest;
      try {
        const { entities } = await getJson<{ entities: EntitySummary[] }>(
          `/entities?q=${encodeURIComponent(q)}&limit=10`,
        );
        if (ticket !== latest) return; // a newer keystroke already asked
        list.replaceChildren(
          ...entities.map((e) =>
            el('option', { value: e.name, label: [e.name, ...(e.aliases ?? [])].join(' · ') }),
          ),
        );
      } catch {
        // suggestions are a convenience; the filter itself reports errors when applied
      }
    }, 150);
  });
}
