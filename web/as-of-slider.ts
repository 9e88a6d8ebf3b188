/**
 * The as-of slider: one step per recorded change to an item (from the first event to now). Each
 * step asks the API for the timeline `asOf=position:<n>`, i.e. as it stood right after that event.
 * Listing every change means reading the log into the page, so beyond MAX_LISTED_EVENTS the
 * steps are evenly spaced positions instead; each still answers exactly as of its position.
 */
import { apiFetch, getJson } from './api';
import { byId, el, formatInstant } from './dom';

export interface Mark {
  readonly position: string;
  /** Empty for an evenly spaced step (the page has not read the log). */
  readonly recordedAt: string;
  readonly label: string;
}

/** Up to this many events in the log, every item change is a step. */
export const MAX_LISTED_EVENTS = 2000;
/** Beyond it, this many evenly spaced steps. */
export const EVEN_STEPS = 1000;

type Raw = Readonly<Record<string, unknown>>;

export class AsOfSlider {
  private marks: readonly Mark[] = [];
  private readonly input = byId<HTMLInputElement>('as-of');
  private readonly output = byId<HTMLOutputElement>('as-of-output');

  constructor(onChange: (asOf: string) => void) {
    // `input` only updates the label (cheap); `change` (release, or each key press) reloads.
    this.input.addEventListener('input', () => this.describe());
    this.input.addEventListener('change', () => onChange(this.asOf()));
    byId('as-of-now').addEventListener('click', () => {
      this.input.value = this.input.max;
      this.describe();
      onChange('');
    });
  }

  setMarks(marks: readonly Mark[]): void {
    this.marks = marks;
    this.input.max = String(marks.length);
    byId('as-of-marks').replaceChildren(
      ...marks.map((m, i) => el('option', { value: String(i), label: m.label })),
    );
  }

  /**
   * Moves the thumb to the step showing `asOf`: the latest mark at or before `position`, the
   * position the API answered for it (an instant resolves to one), else the one `asOf` names.
   */
  show(asOf: string, position?: string): void {
    let index = this.marks.length;
    const at = position ?? /^position:(\d+)$/.exec(asOf)?.[1];
    if (asOf && at !== undefined) {
      index = this.marks.findLastIndex((m) => BigInt(m.position) <= BigInt(at));
    } else if (asOf) {
      index = this.marks.findLastIndex(
        (m) => m.recordedAt !== '' && m.recordedAt <= new Date(asOf).toISOString(),
      );
    }
    this.input.value = String(Math.max(index, 0));
    this.describe();
  }

  private asOf(): string {
    const mark = this.marks[Number(this.input.value)];
    return mark ? `position:${mark.position}` : '';
  }

  private describe(): void {
    const mark = this.marks[Number(this.input.value)];
    const text = !mark
      ? 'Now: the record as it stands today'
      : mark.recordedAt
        ? `As of ${formatInstant(mark.recordedAt)} (position ${mark.position}), after: ${mark.label}`
        : `As of ${mark.label} (even steps: the log is too long to list each change)`;
    this.output.textContent = text;
    this.input.setAttribute('aria-valuetext', text);
  }
}

/**
 * The steps: every recorded item change up to the read model's position (from the audit log when
 * readable, else from the items' first/last events) while the log is small, else evenly spaced.
 */
export async function loadMarks(): Promise<Mark[]> {
  const head = BigInt((await getJson<{ position: string }>('/timeline?limit=1')).position);
  if (head === 0n) return [];
  if (head > BigInt(MAX_LISTED_EVENTS)) return evenMarks(head);
  const marks = (await marksFromAudit(head)) ?? (await marksFromTimeline());
  const unique = new Map(marks.map((m) => [m.position, m]));
  return [...unique.values()].sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : 1));
}

/** EVEN_STEPS positions spread over 1..head, the last one the head itself. */
export function evenMarks(head: bigint): Mark[] {
  const steps = BigInt(EVEN_STEPS);
  const positions = new Set<bigint>();
  for (let step = 1n; step <= steps; step += 1n) positions.add((head * step) / steps);
  positions.delete(0n);
  const total = head.toLocaleString('en');
  return [...positions].map((position) => ({
    position: String(position),
    recordedAt: '',
    // Positions, not counts: KurrentDB's commit positions are not numbered 1, 2, 3, ...
    label: `position ${position.toLocaleString('en')} of ${total}`,
  }));
}

async function marksFromAudit(head: bigint): Promise<Mark[] | null> {
  const response = await apiFetch(
    `/audit/events?toPosition=${head}`,
    'application/x-ndjson',
    false,
  ).catch(() => null);
  if (!response?.ok) return null;
  const events = (await response.text())
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Raw);
  return events.flatMap((event) => {
    const meta = (event.metadata ?? {}) as Raw;
    const stream = String(event.stream ?? event.streamId ?? '');
    if (!stream.startsWith('item-')) return [];
    const position = String(event.position ?? meta.position);
    const recordedAt = String(event.recordedAt ?? meta.recordedAt ?? '');
    return [
      { position, recordedAt, label: `${String(event.type)} on ${stream.slice('item-'.length)}` },
    ];
  });
}

async function marksFromTimeline(): Promise<Mark[]> {
  const marks: Mark[] = [];
  let cursor: string | null = null;
  do {
    const query = `/timeline?includeRetracted=true&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: { items: Raw[]; nextCursor: string | null } = await getJson(query);
    for (const item of page.items) {
      const headline = String(
        item.headline ?? (item.fact as Raw | undefined)?.headline ?? item.itemId,
      );
      marks.push({
        position: String(item.firstPosition),
        recordedAt: String(item.firstRecordedAt),
        label: `recorded “${headline}”`,
      });
      if (item.lastPosition !== item.firstPosition) {
        marks.push({
          position: String(item.lastPosition),
          recordedAt: String(item.lastRecordedAt),
          label: `changed “${headline}”`,
        });
      }
    }
    cursor = page.nextCursor;
  } while (cursor);
  return marks;
}
