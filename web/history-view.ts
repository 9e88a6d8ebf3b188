/**
 * An item's recorded history from GET /items/{id}/history: when each event was recorded and by
 * whom, and for corrections and retractions the reason and what changed.
 */
import { apiFetch, hasApiKey, problemOf, requestApiKey } from './api';
import { describeChange, describeValue, type PatchOperation, type Segment } from './change-words';
import { el, formatInstant } from './dom';

interface HistoryEvent {
  readonly type: string;
  readonly version?: number;
  readonly position?: string;
  readonly recordedAt?: string;
  readonly recordedBy?: string;
  readonly data: Readonly<Record<string, unknown>>;
}

type Raw = Readonly<Record<string, unknown>>;

/** Accepts events with their metadata at the top level or under `metadata`. */
function toHistoryEvent(value: unknown): HistoryEvent {
  const raw = value as Raw;
  const meta = (raw.metadata ?? {}) as Raw;
  const pick = (key: string) => (raw[key] ?? meta[key]) as never;
  return {
    type: String(raw.type),
    version: pick('version'),
    position: pick('position') === undefined ? undefined : String(pick('position')),
    recordedAt: pick('recordedAt'),
    recordedBy: pick('recordedBy'),
    data: (raw.data ?? {}) as Raw,
  };
}

/**
 * The history is an auditor's read: without such a key it shows why and offers to enter one,
 * instead of interrupting every reader who opens an item with a key prompt.
 */
export async function showHistory(
  itemId: string,
  section: HTMLElement,
  names: ReadonlyMap<string, string>,
): Promise<void> {
  const heading = section.firstElementChild!;
  const offerKey = (why: string) => {
    const enter = el('button', { type: 'button' }, 'Enter an API key');
    enter.addEventListener('click', async () => {
      if (await requestApiKey(false, `/items/${itemId}/history`)) {
        await showHistory(itemId, section, names);
      }
    });
    section.replaceChildren(
      heading,
      el('p', {}, `The history needs an auditor's API key${why}.`),
      enter,
    );
  };
  // Not asked without a key: the answer would only be a 401 (logged as an error by browsers).
  if (!hasApiKey()) return offerKey('');
  const response = await apiFetch(
    `/items/${encodeURIComponent(itemId)}/history`,
    'application/json',
    false,
  );
  if (response.status === 401 || response.status === 403) {
    return offerKey(` (${(await problemOf(response)).message})`);
  }
  if (!response.ok) throw await problemOf(response);
  section.replaceChildren(heading, renderHistory(historyEvents(await response.json()), names));
}

function historyEvents(body: unknown): HistoryEvent[] {
  const events = Array.isArray(body) ? body : ((body as { events?: unknown[] }).events ?? []);
  return events.map(toHistoryEvent);
}

function renderHistory(
  events: readonly HistoryEvent[],
  names: ReadonlyMap<string, string>,
): HTMLElement {
  const list = el('ol', { class: 'history' });
  /** The fact as it stood before each event: what its changes replaced. */
  let fact: unknown = undefined;
  for (const event of events) {
    const who = `recorded ${formatInstant(event.recordedAt ?? '')} by ${event.recordedBy ?? 'unknown'}`;
    const where = event.position ? ` · position ${event.position}` : '';
    list.append(
      el(
        'li',
        {},
        el('strong', {}, titleOf(event)),
        el('div', { class: 'meta' }, who + where),
        ...detailsOf(event, fact, names),
      ),
    );
    if (event.type === 'ItemCorrected') fact = event.data.fact;
    else if (event.type !== 'ItemRetracted') fact = event.data;
  }
  return list;
}

function titleOf(event: HistoryEvent): string {
  const kind = typeof event.data.kind === 'string' ? ` (${event.data.kind})` : '';
  if (event.type === 'ItemCorrected') return `Corrected${kind}`;
  if (event.type === 'ItemRetracted') return `Retracted${kind}`;
  return `Recorded as ${event.type}`;
}

function detailsOf(
  event: HistoryEvent,
  before: unknown,
  names: ReadonlyMap<string, string>,
): HTMLElement[] {
  const details: HTMLElement[] = [];
  const { reason, patch, duplicateOf, sources } = event.data;
  if (typeof reason === 'string') details.push(el('p', {}, `Reason: ${reason}`));
  if (typeof duplicateOf === 'string') details.push(el('p', {}, `Duplicate of ${duplicateOf}`));
  if (Array.isArray(patch) && patch.length > 0) {
    const changes = el('ul', { class: 'changes', 'aria-label': 'What changed' });
    for (const op of patch as PatchOperation[]) {
      const words = describeChange(op, before, names);
      if (words) changes.append(el('li', {}, ...words.map(segment)));
    }
    details.push(changes);
  }
  if (event.type === 'ItemCorrected' && Array.isArray(sources) && sources.length > 0) {
    details.push(el('p', {}, 'Evidence: ', ...describeValue(sources, names).map(segment)));
  }
  return details;
}

const segment = (part: Segment): Node | string =>
  typeof part === 'string' ? part : el('em', {}, part.emphasis);
