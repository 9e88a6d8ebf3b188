/**
 * What the timeline draws for each item. Day-precision items are points; imprecise ones are
 * hatched ranges over [earliest, latest], faded towards an open end, with the source's own
 * wording in the tooltip. In actor lanes an item appears once per actor.
 */
import type { DataItem } from 'vis-timeline/peer';
import { escapeHtml } from './dom';
import {
  FACT_TYPE_LABELS,
  describeOccurred,
  entityLabel,
  typeLabel,
  type TimelineItem,
} from './items';
import { shortLabel } from './timeline-fit';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Fewest characters of a headline a label keeps, however many badges follow it. */
const MIN_LABEL = 20;
/** How far an open-ended range is drawn past its known bound. */
const OPEN_END_DAYS = 180;

/** How an item relates to "now" when the page shows an earlier moment. */
export type ChangeMark =
  | 'corrected-since'
  | 'retracted-since'
  | 'added-since'
  /** Arrived through the live feed while the page was open. */
  | 'live-new'
  | 'live-updated'
  | null;

export interface ShownItem {
  readonly item: TimelineItem;
  readonly mark: ChangeMark;
}

const addDays = (day: string, days: number): Date => new Date(Date.parse(day) + days * DAY_MS);

/** Point or range, and the classes that make imprecision visible. */
export function placement(
  item: TimelineItem,
): { span: Partial<DataItem>; className: string } | null {
  const { earliest, latest, precision } = item.occurred;
  if (!earliest && !latest) return null;
  if (earliest && earliest === latest && precision === 'day') {
    return { span: { start: earliest, type: 'point' }, className: 'precise' };
  }
  const start = earliest ? new Date(earliest) : addDays(latest!, -OPEN_END_DAYS);
  // `latest` is an inclusive day: the range ends at the start of the following day.
  const end = latest ? addDays(latest, 1) : addDays(earliest!, OPEN_END_DAYS);
  const open = !earliest ? ' open-start' : !latest ? ' open-end' : '';
  return { span: { start, end, type: 'range' }, className: `imprecise${open}` };
}

export function lanesOf(
  item: TimelineItem,
  lanes: 'type' | 'actor',
  names: ReadonlyMap<string, string>,
): [string, string, number][] {
  if (lanes === 'type') {
    const order = Object.keys(FACT_TYPE_LABELS).indexOf(item.type);
    return [[`type:${item.type}`, typeLabel(item.type), order < 0 ? 99 : order]];
  }
  const actors = item.entities.filter((e) => e.side === 'actor');
  if (actors.length === 0) return [['actor:none', 'No actor named', 9999]];
  const unique = [...new Map(actors.map((a) => [a.entityId, a])).values()];
  return unique.map((a) => [`actor:${a.entityId}`, entityLabel(a, names), 0]);
}

/** The label: the headline, shortened to `budget` characters less room for its badges. */
export function itemContent({ item, mark }: ShownItem, budget: number): string {
  const badges: [string, string][] = [];
  if (item.stage) badges.push(['stage', item.stage]);
  if (item.status === 'retracted') badges.push(['retracted', 'retracted']);
  if (mark) badges.push([mark, mark.replace('-', ' ')]);
  // Badge text is smaller than the headline's: about two of its characters take one's width.
  const badgeRoom = Math.ceil(badges.reduce((sum, [, text]) => sum + text.length + 3, 0) / 2);
  const label = shortLabel(item.headline, Math.max(MIN_LABEL, budget - badgeRoom));
  return `<span class="label">${escapeHtml(label)}</span>${badges
    .map(([kind, text]) => `<span class="badge ${kind}">${escapeHtml(text)}</span>`)
    .join('')}`;
}

export function itemTooltip(item: TimelineItem): string {
  const o = item.occurred;
  return [
    `<strong>${escapeHtml(item.headline)}</strong>`,
    escapeHtml(describeOccurred(o)),
    `EDTF ${escapeHtml(o.edtf)} · precision: ${escapeHtml(o.precision)}`,
  ].join('<br>');
}
