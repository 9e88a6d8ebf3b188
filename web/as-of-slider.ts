/**
 * The as-of slider: one step per recorded change to an item (from the first event to now). Each
 * step asks the API for the timeline `asOf=position:<n>`, i.e. as it stood right after that event.
 */
import { apiFetch, getJson } from './api';
import { byId, el, formatInstant } from './dom';

export interface Mark {
  readonly position: string;
  readonly recordedAt: string;
  readonly label: string;
}

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

  /** Moves the thumb to the step showing `asOf` (the latest mark at or before it). */
  show(asOf: string): void {
    let index = this.marks.length;
    const position = /^position:(\d+)$/.exec(asOf)?.[1];
    if (position !== undefined) {
      index = this.marks.findLastIndex((m) => BigInt(m.position) <= BigInt(position));
    } else if (asOf) {
      index = this.marks.findLastIndex((m) => m.recordedAt <= new Date(asOf).toISOString());
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
    const text = mark
      ? `As of ${formatInstant(mark.recordedAt)} (position ${mark.position}), after: ${mark.label}`
      : 'Now: the record as it stands today';
    this.output.textContent = text;
    this.input.setAttribute('aria-valuetext', text);
  }
}

/** Every recorded item change: from the audit log when readable, else from the items' first/last events. */
export async function loadMarks(): Promise<Mark[]> {
  const marks = (await marksFromAudit()) ?? (await marksFromTimeline());
  const unique = new Map(marks.map((m) => [m.position, m]));
  return [...unique.values()].sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : 1));
}

async function marksFromAudit(): Promise<Mark[] | null> {
  const response = await apiFetch('/audit/events', 'application/x-ndjson', false).catch(() => null);
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
