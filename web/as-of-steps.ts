/**
 * The as-of slider's steps. They come from the public timeline (each item's first and latest
 * event); with a key, the audit log adds any corrections in between. Steps are labelled the same
 * either way. Listing every change means reading the log into the page, so beyond
 * MAX_LISTED_EVENTS the steps are evenly spaced positions instead.
 */
import { apiFetch, getJson, hasApiKey } from './api';

export interface Marks {
  readonly marks: Mark[];
  /** Changes not listed as steps (read without the audit log), for a note under the slider. */
  readonly unlisted: number;
}

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

/** The steps: every recorded item change up to the read model's position, else evenly spaced. */
export async function loadMarks(): Promise<Marks> {
  const head = BigInt((await getJson<{ position: string }>('/timeline?limit=1')).position);
  if (head === 0n) return { marks: [], unlisted: 0 };
  if (head > BigInt(MAX_LISTED_EVENTS)) return { marks: evenMarks(head), unlisted: 0 };
  const fromTimeline = await marksFromTimeline();
  // The audit log is an auditor's read: only asked with a key, and its answer only used if given.
  const fromAudit = hasApiKey() ? await marksFromAudit(head, fromTimeline.headlines) : null;
  const marks = fromAudit ?? fromTimeline.marks;
  const unique = new Map(marks.map((m) => [m.position, m]));
  return {
    marks: [...unique.values()].sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : 1)),
    unlisted: fromAudit ? 0 : fromTimeline.unlisted,
  };
}

/** What the steps leave out, in words, for `setMarks`. */
export function marksNote({ unlisted }: Marks): string {
  if (unlisted === 0) return '';
  const changes =
    unlisted === 1 ? '1 earlier correction is' : `${unlisted} earlier corrections are`;
  return `Steps are each item's first and latest change: ${changes} not a step of its own (an auditor's API key lists every change).`;
}

/** "recorded “headline”": the same words whichever source the step came from. */
const stepLabel = (change: 'recorded' | 'corrected' | 'retracted', headline: string) =>
  `${change} “${headline}”`;

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

async function marksFromAudit(
  head: bigint,
  headlines: ReadonlyMap<string, string>,
): Promise<Mark[] | null> {
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
    const itemId = stream.slice('item-'.length);
    const change =
      event.type === 'ItemCorrected'
        ? 'corrected'
        : event.type === 'ItemRetracted'
          ? 'retracted'
          : 'recorded';
    const position = String(event.position ?? meta.position);
    const recordedAt = String(event.recordedAt ?? meta.recordedAt ?? '');
    return [{ position, recordedAt, label: stepLabel(change, headlines.get(itemId) ?? itemId) }];
  });
}

/** Each item's first and latest event, its headline, and how many changes lie in between. */
async function marksFromTimeline(): Promise<{
  marks: Mark[];
  headlines: Map<string, string>;
  unlisted: number;
}> {
  const marks: Mark[] = [];
  const headlines = new Map<string, string>();
  let unlisted = 0;
  let cursor: string | null = null;
  do {
    const query = `/timeline?includeRetracted=true&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: { items: Raw[]; nextCursor: string | null } = await getJson(query);
    for (const item of page.items) {
      const itemId = String(item.itemId);
      const headline = String(item.headline ?? (item.fact as Raw | undefined)?.headline ?? itemId);
      headlines.set(itemId, headline);
      marks.push({
        position: String(item.firstPosition),
        recordedAt: String(item.firstRecordedAt),
        label: stepLabel('recorded', headline),
      });
      if (item.lastPosition !== item.firstPosition) {
        marks.push({
          position: String(item.lastPosition),
          recordedAt: String(item.lastRecordedAt),
          label: stepLabel(item.status === 'retracted' ? 'retracted' : 'corrected', headline),
        });
      }
      // Versions count the item's events: the first and the latest are steps, the rest are not.
      if (typeof item.version === 'number') unlisted += Math.max(item.version - 2, 0);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return { marks, headlines, unlisted };
}
