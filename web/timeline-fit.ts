/**
 * Readable labels on the timeline. A headline is shortened to what the timeline's width can hold
 * (the full text stays in the tooltip and the list), and "fit everything" picks the window in
 * which every label ends inside the visible area: a cluster of events near the latest date then
 * sits far enough from the right edge for its labels, instead of being cut off by it.
 */

/** What the fit needs of one drawn item: where its box starts and ends, and its label's width. */
export interface FitEntry {
  readonly start: number;
  readonly end: number;
  readonly labelPx: number;
}

/** Room kept free at both edges of the visible area, px. */
const EDGE_PX = 12;
/** Beyond this many items labels are not measured (the page draws up to thousands). */
export const MAX_MEASURED = 300;

/** Most characters a label may have on a timeline `widthPx` wide (about a third of it). */
export function labelBudget(widthPx: number): number {
  return Math.max(24, Math.min(64, Math.floor(widthPx / 21)));
}

/** `text` cut at a word boundary to at most `max` characters, ending in "…" when cut. */
export function shortLabel(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  const words = space > max * 0.6 ? cut.slice(0, space) : cut;
  return `${words.replace(/[\s,;:.(—–-]+$/u, '')}…`;
}

/**
 * Widths of item contents as the timeline draws them, measured off-screen in one layout pass
 * under the same classes (so the page's item styles apply).
 */
export function measureLabels(container: HTMLElement, htmls: readonly string[]): number[] {
  const probe = document.createElement('div');
  probe.setAttribute('aria-hidden', 'true');
  probe.style.cssText = 'position:absolute;left:-100000px;top:0;visibility:hidden';
  const contents = htmls.map((html) => {
    const item = document.createElement('div');
    item.className = 'vis-item vis-point';
    const content = document.createElement('div');
    content.className = 'vis-item-content';
    content.innerHTML = html;
    item.append(content);
    probe.append(item);
    return content;
  });
  container.append(probe);
  const widths = contents.map((content) => content.getBoundingClientRect().width);
  probe.remove();
  return widths;
}

/**
 * The window [start, end] (ms) in which, drawn `widthPx` wide, every entry's box and label end
 * inside the visible area: the largest scale (px per ms) that all labels allow, no smaller a
 * span than `minSpanMs`. Null when there is nothing to fit.
 */
export function fitWindow(
  entries: readonly FitEntry[],
  widthPx: number,
  minSpanMs: number,
): { start: number; end: number } | null {
  if (entries.length === 0 || widthPx <= 0) return null;
  const first = Math.min(...entries.map((e) => e.start));
  const room = widthPx - 2 * EDGE_PX;
  let scale = room / minSpanMs;
  for (const entry of entries) {
    // A label wider than most of the timeline is allowed to be cut rather than squeeze the rest.
    const labelRoom = room - Math.min(entry.labelPx, room * 0.6);
    if (entry.start > first) scale = Math.min(scale, labelRoom / (entry.start - first));
    if (entry.end > first) scale = Math.min(scale, room / (entry.end - first));
  }
  const start = first - EDGE_PX / scale;
  return { start, end: start + widthPx / scale };
}
