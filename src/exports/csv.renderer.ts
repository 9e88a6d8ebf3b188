import { stringify } from 'csv-stringify/sync';
import type { ItemDoc } from '../read-model/item-doc';
import type { DocumentPieces } from './document-pieces';
import {
  entityLabels,
  headlineOf,
  occurredOf,
  retractionNote,
  sourceLabel,
  sourcesOf,
  summaryOf,
  type EntityNames,
} from './item-fields';
import { occurrenceLabel } from './occurrence-dates';

/**
 * CSV, RFC 4180 (CRLF line ends, fields quoted when they hold a comma, quote, CR or LF), one
 * row per item. Lists are joined with "; " except sources, one per line inside their cell, so a
 * spreadsheet shows them stacked. No byte-order mark by default: strict RFC 4180 readers keep it
 * as part of the first header, and the charset travels in Content-Type. Excel opening a file by
 * double-click ignores that and guesses a legacy code page ("—" becomes "â€”") unless the file
 * starts with a BOM, so `bom: true` (`?bom=true`) writes one for those readers.
 */
export const CSV_COLUMNS = [
  'itemId',
  'type',
  'status',
  'occurred',
  'occurredEdtf',
  'occurredAsStated',
  'earliest',
  'latest',
  'precision',
  'headline',
  'summary',
  'entities',
  'countries',
  'topics',
  'confidence',
  'sources',
  'version',
  'firstRecordedAt',
  'lastRecordedAt',
  'retraction',
] as const;

type Row = Readonly<Record<(typeof CSV_COLUMNS)[number], string>>;

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return that hides one)
 * as a formula, e.g. `=HYPERLINK(...)` from a hostile source title. A leading apostrophe makes
 * Excel, LibreOffice and Sheets show the text as typed (OWASP "CSV injection").
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function rowOf(item: ItemDoc, names: EntityNames): Row {
  const occurred = occurredOf(item);
  return {
    itemId: item.itemId,
    type: item.type,
    status: item.status,
    occurred: occurrenceLabel({ ...occurred, earliest: item.earliest, latest: item.latest }),
    occurredEdtf: occurred.edtf,
    occurredAsStated: occurred.asStated ?? '',
    earliest: item.earliest ?? '',
    latest: item.latest ?? '',
    precision: occurred.precision,
    headline: headlineOf(item),
    summary: summaryOf(item),
    entities: entityLabels(item.entities, names).join('; '),
    countries: item.countries.join('; '),
    topics: item.topics.join('; '),
    confidence: item.confidence,
    sources: sourcesOf(item).map(sourceLabel).join('\n'),
    version: String(item.version),
    firstRecordedAt: item.firstRecordedAt,
    lastRecordedAt: item.lastRecordedAt,
    retraction: retractionNote(item) ?? '',
  };
}

/**
 * CRLF record ends (RFC 4180), the same for the whole document and for its pieces. csv-stringify
 * quotes a field holding the configured record delimiter, not a lone LF or CR (the sources cell
 * joins with LF), which Python's csv module, LibreOffice and any LF-splitting reader take for a
 * record end: `quoted_match` quotes every field holding either.
 */
const CSV_OPTIONS = { record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;

/** UTF-8 byte-order mark, written first when asked for (see above). */
export const UTF8_BOM = '\uFEFF';

export interface CsvOptions {
  readonly bom?: boolean;
}

function cellsOf(item: ItemDoc, names: EntityNames): string[] {
  const row = rowOf(item, names);
  return CSV_COLUMNS.map((column) => neutraliseFormula(row[column]));
}

export function renderCsv(
  items: readonly ItemDoc[],
  names: EntityNames,
  options: CsvOptions = {},
): string {
  const rows = [[...CSV_COLUMNS], ...items.map((item) => cellsOf(item, names))];
  return (options.bom ? UTF8_BOM : '') + stringify(rows, CSV_OPTIONS);
}

/**
 * CSV for a streamed export: the header row once, then each page's rows through csv-stringify
 * with the same options. It quotes field by field and ends every record with CRLF, so the pieces
 * join to renderCsv's text. `namesOf` is asked once per page (the exporter caches lookups).
 */
export function csvPieces(
  namesOf: (items: readonly ItemDoc[]) => EntityNames,
  options: CsvOptions = {},
): DocumentPieces {
  return {
    header: (options.bom ? UTF8_BOM : '') + stringify([[...CSV_COLUMNS]], CSV_OPTIONS),
    page(items) {
      if (items.length === 0) return '';
      const names = namesOf(items);
      return stringify(
        items.map((item) => cellsOf(item, names)),
        CSV_OPTIONS,
      );
    },
    footer: '',
  };
}
