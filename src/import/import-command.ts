import { v5 as uuidv5 } from 'uuid';

/**
 * The commands an import file holds — the seed format of events/seed/. Every record carries an
 * idempotency key; the event id derives from it, so importing the same file twice appends nothing.
 */
interface ImportCommon {
  readonly idempotencyKey: string;
  /** When the source says it was recorded; kept as an assertion, never as the server's recordedAt. */
  readonly assertedRecordedAt?: string;
}

export type ImportCommand = ImportCommon &
  (
    | { readonly kind: 'register-entity'; readonly data: unknown }
    | {
        readonly kind: 'record-item';
        readonly itemId: string;
        readonly type: string;
        readonly data: unknown;
      }
    | { readonly kind: 'correct-item'; readonly itemId: string; readonly data: unknown }
    | { readonly kind: 'retract-item'; readonly itemId: string; readonly data: unknown }
  );

export const IMPORT_KINDS = [
  'register-entity',
  'record-item',
  'correct-item',
  'retract-item',
] as const;

/** Fixed forever: changing it would make a re-import append every record again. */
export const IMPORT_EVENT_ID_NAMESPACE = '3f6c2a0e-9b1d-5c4e-8a7f-2d6b1e0c9a55';

export function importEventId(idempotencyKey: string): string {
  return uuidv5(`import\n${idempotencyKey}`, IMPORT_EVENT_ID_NAMESPACE);
}

/** Where a record came from, for error messages: `file.ndjson line 12` or `seed record 3`. */
export interface SourcedRecord {
  readonly location: string;
  readonly record: unknown;
}

/** What a run had done before it stopped. */
export interface ImportCounts {
  readonly processed: number;
  readonly appended: number;
  readonly alreadyPresent: number;
  readonly matchedExisting: number;
}

export class ImportRecordError extends Error {
  constructor(
    readonly location: string,
    readonly reason: string,
    readonly before?: ImportCounts,
    /** Records after it, independent of it, that were imported side by side with it. */
    readonly importedAfter = 0,
  ) {
    super(`${location}: ${reason}`);
  }

  after(counts: ImportCounts, importedAfter = 0): ImportRecordError {
    return new ImportRecordError(this.location, this.reason, counts, importedAfter);
  }
}

const nonEmptyString = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '';

/** Checks the envelope of one record; the data itself is validated by the command handlers. */
export function parseImportCommand({ location, record }: SourcedRecord): ImportCommand {
  const fail = (reason: string): never => {
    throw new ImportRecordError(location, reason);
  };
  if (typeof record !== 'object' || record === null || Array.isArray(record))
    fail('must be a JSON object');
  const r = record as Record<string, unknown>;
  if (!(IMPORT_KINDS as readonly unknown[]).includes(r.kind))
    fail(`kind must be one of ${IMPORT_KINDS.join(', ')}`);
  if (!nonEmptyString(r.idempotencyKey)) fail('idempotencyKey must be a non-empty string');
  if (
    r.assertedRecordedAt !== undefined &&
    (typeof r.assertedRecordedAt !== 'string' || Number.isNaN(Date.parse(r.assertedRecordedAt)))
  ) {
    fail('assertedRecordedAt must be an ISO 8601 instant');
  }
  if (typeof r.data !== 'object' || r.data === null) fail('data must be a JSON object');
  if (r.kind !== 'register-entity' && !nonEmptyString(r.itemId))
    fail('itemId must be a non-empty string');
  if (r.kind === 'record-item' && !nonEmptyString(r.type)) fail('type must be a non-empty string');
  return r as unknown as ImportCommand;
}
