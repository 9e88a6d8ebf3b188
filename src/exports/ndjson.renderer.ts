import type { ItemDoc } from '../read-model/item-doc';
import type { DocumentPieces } from './document-pieces';

/**
 * NDJSON: exactly the JSON the timeline endpoint returns per item, one item per line (LF), so a
 * consumer can `jq` or stream it line by line. JSON.stringify never emits a raw line break.
 */
export function renderNdjsonLine(item: ItemDoc): string {
  return `${JSON.stringify(item)}\n`;
}

export function renderNdjson(items: readonly ItemDoc[]): string {
  return items.map(renderNdjsonLine).join('');
}

/** Row-oriented with nothing around the rows: a streamed NDJSON export is its pages' lines. */
export function ndjsonPieces(): DocumentPieces {
  return { header: '', page: renderNdjson, footer: '' };
}
