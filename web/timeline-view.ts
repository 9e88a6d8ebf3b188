/**
 * The zoomable swimlane timeline (vis-timeline). Day-precision items are points; imprecise ones
 * are hatched ranges over [earliest, latest], faded towards an open end, with the source's own
 * wording in the tooltip. In actor lanes an item appears once per actor.
 */
import { DataSet } from 'vis-data/peer';
import { Timeline, type DataGroup, type DataItem, type TimelineOptions } from 'vis-timeline/peer';
import { escapeHtml } from './dom';
import {
  FACT_TYPE_LABELS,
  describeOccurred,
  entityLabel,
  typeLabel,
  type TimelineItem,
} from './items';

const DAY_MS = 24 * 60 * 60 * 1000;
const YEAR_MS = 365.25 * DAY_MS;
/** How far an open-ended range is drawn past its known bound. */
const OPEN_END_DAYS = 180;

/** How an item relates to "now" when the page shows an earlier moment. */
export type ChangeMark = 'corrected-since' | 'retracted-since' | 'added-since' | null;

export interface ShownItem {
  readonly item: TimelineItem;
  readonly mark: ChangeMark;
}

export interface TimelineViewEvents {
  onSelect(itemId: string | null): void;
  onWindowChange(start: string, end: string): void;
}

const dayOf = (date: Date): string => date.toISOString().slice(0, 10);
const addDays = (day: string, days: number): Date => new Date(Date.parse(day) + days * DAY_MS);

export class TimelineView {
  private readonly items = new DataSet<DataItem>();
  private readonly groups = new DataSet<DataGroup>();
  private readonly timeline: Timeline;

  constructor(container: HTMLElement, events: TimelineViewEvents) {
    const options: TimelineOptions = {
      stack: true,
      orientation: 'top',
      showCurrentTime: false,
      // From decades down to days.
      zoomMin: 7 * DAY_MS,
      zoomMax: 40 * YEAR_MS,
      groupOrder: 'order',
      tooltip: { followMouse: false, overflowMethod: 'flip' },
      // Content and tooltips are built from escaped text only (see itemContent/itemTooltip).
      xss: { disabled: true },
      margin: { item: { horizontal: 4, vertical: 6 } },
    };
    this.timeline = new Timeline(container, this.items, this.groups, options);
    this.timeline.on('select', (props: { items: string[] }) => {
      events.onSelect(props.items[0] ? itemIdOf(props.items[0]) : null);
    });
    this.timeline.on('rangechanged', (props: { start: Date; end: Date; byUser: boolean }) => {
      if (props.byUser) events.onWindowChange(dayOf(props.start), dayOf(props.end));
    });
  }

  render(
    shown: readonly ShownItem[],
    lanes: 'type' | 'actor',
    names: ReadonlyMap<string, string>,
  ): void {
    const groups = new Map<string, DataGroup>();
    const data: DataItem[] = [];
    for (const entry of shown) {
      const placed = placement(entry.item);
      if (!placed) continue;
      for (const [groupId, groupLabel, order] of lanesOf(entry.item, lanes, names)) {
        groups.set(groupId, { id: groupId, content: escapeHtml(groupLabel), order } as DataGroup);
        data.push({
          id: `${entry.item.itemId}|${groupId}`,
          group: groupId,
          content: itemContent(entry),
          title: itemTooltip(entry.item),
          className: [placed.className, entry.item.status, entry.mark ?? ''].join(' ').trim(),
          ...placed.span,
        } as DataItem);
      }
    }
    this.items.clear();
    this.groups.clear();
    this.groups.add([...groups.values()]);
    this.items.add(data);
  }

  select(itemId: string | null): void {
    const ids = itemId ? this.items.getIds().filter((id) => itemIdOf(String(id)) === itemId) : [];
    this.timeline.setSelection(ids);
  }

  /** Shows the given window, or everything when none is given. */
  show(start: string, end: string): void {
    if (start && end && Date.parse(start) < Date.parse(end)) {
      this.timeline.setWindow(start, end, { animation: false });
    } else {
      this.fitAll();
    }
  }

  /** Everything, with room on the right for the labels of the latest points. */
  private fitAll(): void {
    const { min, max } = this.timeline.getItemRange() as { min: Date | null; max: Date | null };
    if (!min || !max) return;
    const span = Math.max(max.getTime() - min.getTime(), 30 * DAY_MS);
    this.timeline.setWindow(min.getTime() - span * 0.03, max.getTime() + span * 0.2, {
      animation: false,
    });
  }

  /** After the page layout changed (detail panel opened or closed): measure and draw again. */
  relayout(): void {
    this.timeline.redraw();
  }

  zoom(direction: 'in' | 'out'): void {
    if (direction === 'in') this.timeline.zoomIn(0.5, { animation: false });
    else this.timeline.zoomOut(0.5, { animation: false });
  }

  window(): { start: string; end: string } {
    const { start, end } = this.timeline.getWindow();
    return { start: dayOf(start), end: dayOf(end) };
  }
}

const itemIdOf = (visId: string): string => visId.slice(0, visId.lastIndexOf('|'));

/** Point or range, and the classes that make imprecision visible. */
function placement(item: TimelineItem): { span: Partial<DataItem>; className: string } | null {
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

function lanesOf(
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

function itemContent({ item, mark }: ShownItem): string {
  const badges = [
    item.stage ? `<span class="badge stage">${escapeHtml(item.stage)}</span>` : '',
    item.status === 'retracted' ? '<span class="badge retracted">retracted</span>' : '',
    mark ? `<span class="badge ${mark}">${escapeHtml(mark.replace('-', ' '))}</span>` : '',
  ];
  return `${escapeHtml(item.headline)}${badges.join('')}`;
}

function itemTooltip(item: TimelineItem): string {
  const o = item.occurred;
  return [
    `<strong>${escapeHtml(item.headline)}</strong>`,
    escapeHtml(describeOccurred(o)),
    `EDTF ${escapeHtml(o.edtf)} · precision: ${escapeHtml(o.precision)}`,
  ].join('<br>');
}
