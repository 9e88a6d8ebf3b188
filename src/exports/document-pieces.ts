import type { ItemDoc } from '../read-model/item-doc';

/**
 * An export document cut into the pieces a stream sends: `header` once, `page(items)` for each
 * page of items in timeline order, then `footer` once. An export can then hold one page in
 * memory instead of every item plus the whole text, which for a large store is more than a
 * JavaScript string can hold at all.
 *
 * Joined, the pieces must be exactly the text of the format's whole-document renderer
 * (renderCsv, renderNdjson, renderTimelineJs, renderIcal) for the same items at once, however
 * the items are split into pages; the export tests hold every format to that. An empty page (or
 * header, or footer) is '', which the exporter does not send.
 */
export interface DocumentPieces {
  readonly header: string;
  /** Call once per page, in order: a piece may depend on the pages before it (separators). */
  page(items: readonly ItemDoc[]): string;
  readonly footer: string;
}

/**
 * The header of a format whose per-page pieces go just before `closing`: everything of
 * `emptyDocument` (the format's rendering of no items) before it. Checked, so that a change in
 * how a library writes its documents fails loudly instead of producing a corrupt export.
 */
export function headerBefore(emptyDocument: string, closing: string): string {
  if (!emptyDocument.endsWith(closing)) {
    throw new Error(`cannot stream this export: its empty document does not end "${closing}"`);
  }
  return emptyDocument.slice(0, emptyDocument.length - closing.length);
}
