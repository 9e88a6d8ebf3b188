/**
 * The zoomable swimlane timeline (vis-timeline): what timeline-items.ts builds, drawn in a window
 * that fits every label (timeline-fit.ts) and redrawn when its width changes.
 */
import { DataSet } from 'vis-data/peer';
import { Timeline, type DataGroup, type DataItem, type TimelineOptions } from 'vis-timeline/peer';
import { escapeHtml } from './dom';
import { MAX_MEASURED, fitWindow, labelBudget, measureLabels, type FitEntry } from './timeline-fit';
import { itemContent, itemTooltip, lanesOf, placement, type ShownItem } from './timeline-items';

export type { ChangeMark, ShownItem } from './timeline-items';

const DAY_MS = 24 * 60 * 60 * 1000;
const YEAR_MS = 365.25 * DAY_MS;
/** A point's label starts after its dot. */
const DOT_PX = 16;

export interface TimelineViewEvents {
  onSelect(itemId: string | null): void;
  onWindowChange(start: string, end: string): void;
}

const dayOf = (date: Date): string => date.toISOString().slice(0, 10);
type Lanes = 'type' | 'actor';

export class TimelineView {
  private readonly items = new DataSet<DataItem>();
  private readonly groups = new DataSet<DataGroup>();
  private readonly timeline: Timeline;
  /** What was last drawn, to draw it again when the width changes. */
  private drawn: { shown: readonly ShownItem[]; lanes: Lanes; names: ReadonlyMap<string, string> } =
    { shown: [], lanes: 'type', names: new Map() };
  private budget = 0;
  private fitEntries: FitEntry[] = [];
  /** "Fit everything" (until the person zooms or pans): refit whenever the width changes. */
  private fitting = true;
  /** A fit waits for the next redraw, which measures the lanes and so the items' width. */
  private fitPending = false;
  private width = 0;

  constructor(
    private readonly container: HTMLElement,
    events: TimelineViewEvents,
  ) {
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
      if (!props.byUser) return;
      this.fitting = false;
      events.onWindowChange(dayOf(props.start), dayOf(props.end));
    });
    // Emitted once a redraw has settled; aria-busy tells assistive technology (and tests) so.
    this.timeline.on('changed', () => {
      if (this.fitPending) {
        this.fitPending = false;
        this.fitAll();
        this.timeline.redraw();
      } else {
        container.setAttribute('aria-busy', 'false');
      }
    });
    // The detail panel opening or the window resizing changes the width: labels and fit follow.
    new ResizeObserver(() => {
      if (container.clientWidth !== this.width) this.relayout();
    }).observe(container);
  }

  render(shown: readonly ShownItem[], lanes: Lanes, names: ReadonlyMap<string, string>): void {
    this.drawn = { shown, lanes, names };
    this.container.setAttribute('aria-busy', 'true');
    this.width = this.container.clientWidth;
    this.budget = labelBudget(this.width);
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
          content: itemContent(entry, this.budget),
          title: itemTooltip(entry.item),
          className: [placed.className, entry.item.status, entry.mark ?? ''].join(' ').trim(),
          ...placed.span,
        } as DataItem);
      }
    }
    this.fitEntries = fitEntriesOf(this.container, data);
    this.items.clear();
    this.groups.clear();
    this.groups.add([...groups.values()]);
    this.items.add(data);
    if (this.fitting) this.fitPending = true;
  }

  select(itemId: string | null): void {
    const ids = itemId ? this.items.getIds().filter((id) => itemIdOf(String(id)) === itemId) : [];
    this.timeline.setSelection(ids);
  }

  /** Shows the given window, or everything when none is given. */
  show(start: string, end: string): void {
    this.fitting = !(start && end && Date.parse(start) < Date.parse(end));
    this.container.setAttribute('aria-busy', 'true');
    if (this.fitting) this.fitPending = true;
    else this.timeline.setWindow(start, end, { animation: false });
    this.timeline.redraw();
  }

  /** Everything, each label ending inside the visible area (see timeline-fit.ts). */
  private fitAll(): void {
    const center = this.container.querySelector<HTMLElement>('.vis-panel.vis-center');
    const fitted = fitWindow(this.fitEntries, center?.clientWidth ?? 0, 30 * DAY_MS);
    if (fitted) this.timeline.setWindow(fitted.start, fitted.end, { animation: false });
  }

  /** After the page layout changed (detail panel opened or closed): labels, fit and draw again. */
  relayout(): void {
    if (labelBudget(this.container.clientWidth) !== this.budget) {
      const { shown, lanes, names } = this.drawn;
      const selected = this.timeline.getSelection();
      this.render(shown, lanes, names);
      this.timeline.setSelection(selected);
    }
    this.width = this.container.clientWidth;
    this.container.setAttribute('aria-busy', 'true');
    if (this.fitting) this.fitPending = true;
    this.timeline.redraw();
  }

  zoom(direction: 'in' | 'out'): void {
    this.fitting = false;
    if (direction === 'in') this.timeline.zoomIn(0.5, { animation: false });
    else this.timeline.zoomOut(0.5, { animation: false });
  }

  window(): { start: string; end: string } {
    const { start, end } = this.timeline.getWindow();
    return { start: dayOf(start), end: dayOf(end) };
  }
}

const itemIdOf = (visId: string): string => visId.slice(0, visId.lastIndexOf('|'));

/** Where each drawn item's box starts and ends, and how wide its label is. */
function fitEntriesOf(container: HTMLElement, data: readonly DataItem[]): FitEntry[] {
  const measured = data.length <= MAX_MEASURED;
  const widths = measured
    ? measureLabels(
        container,
        data.map((d) => String(d.content)),
      )
    : [];
  return data.map((d, i) => {
    const start = new Date(d.start).getTime();
    const point = d.type === 'point';
    return {
      start,
      end: d.end ? new Date(d.end).getTime() : start,
      labelPx: measured ? widths[i] + (point ? DOT_PX : 0) : 0,
    };
  });
}
