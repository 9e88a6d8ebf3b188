import type { ItemDoc } from '../read-model/item-doc';
import type { DocumentPieces } from './document-pieces';
import { jsonWithSafeSeparators } from './safe-text';

/**
 * NDJSON: exactly the JSON the timeline endpoint returns per item, one item per line (LF), so a
 * consumer can `jq` or stream it line by line. JSON.stringify never emits a raw CR or LF, but it
 * does emit U+2028/U+2029 raw, which line readers that follow Unicode (and JavaScript before
 * ES2019) take for line ends: they are written as escapes, the same characters to a JSON parser.
 */
export function renderNdjsonLine(item: ItemDoc): string {
  return `${jsonWithSafeSeparators(JSON.stringify(item))}\n`;
}

export function renderNdjson(items: readonly ItemDoc[]): string {
  return items.map(renderNdjsonLine).join('');
}

/** Row-oriented with nothing around the rows: a streamed NDJSON export is its pages' lines. */
export function ndjsonPieces(): DocumentPieces {
  return { header: '', page: renderNdjson, footer: '' };
}
