import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, type Command } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import { entityStreamName, itemStreamName } from '../../events';
import { CorrectItemCommand, RecordItemCommand, RetractItemCommand } from '../items/item.commands';
import { RegisterEntityCommand } from '../entities/entity.commands';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { DomainError } from '../shared/domain-error';
import type { WriteContext, WriteResult } from '../shared/write-context';
import { ApiError } from '../http/error-catalogue';
import {
  ImportRecordError,
  importEventId,
  parseImportCommand,
  type ImportCommand,
  type ImportCounts,
  type SourcedRecord,
} from './import-command';
import { compareWithExisting } from './existing-record';
import { ImportWindow } from './import-window';

export interface ImportProgress {
  readonly processed: number;
  readonly appended: number;
  /** Records whose own event is already in the store (imported before). */
  readonly alreadyPresent: number;
  /** Records whose entity or item was already there, registered or recorded another way. */
  readonly matchedExisting: number;
  readonly location: string;
}

/** A record that matched an existing entity or item, and how the two differ (entities only). */
export interface MatchedRecord {
  readonly location: string;
  readonly stream: string;
  readonly differences: readonly string[];
}

export interface ImportOptions {
  readonly recordedBy: string;
  readonly onProgress?: (progress: ImportProgress) => void;
  readonly onMatched?: (matched: MatchedRecord) => void;
  /** Checked between records: an interrupted import leaves only whole records behind. */
  readonly signal?: AbortSignal;
}

export type ImportSummary = Omit<ImportProgress, 'location'>;

interface Parsed {
  readonly sourced: SourcedRecord;
  readonly command: ImportCommand;
  readonly stream: string;
}

/** One run of importAll: what every record of it shares. */
interface ImportRun {
  readonly correlationId: string;
  readonly options: ImportOptions;
  readonly counts: {
    processed: number;
    appended: number;
    alreadyPresent: number;
    matchedExisting: number;
  };
}

/** What a stopped run says: the record's error with what the run had done before it. */
function stoppedBy(error: unknown, counts: ImportCounts, importedAfter = 0): unknown {
  return error instanceof ImportRecordError ? error.after({ ...counts }, importedAfter) : error;
}

export function describeMatch({ location, stream, differences }: MatchedRecord): string {
  const kept = `${location}: ${stream} already exists and was kept as it is`;
  return differences.length === 0
    ? `${kept} (the same)`
    : `${kept}; the record's ${differences.join(', ')} differ and were not applied`;
}

/**
 * Imports commands through the CommandBus — the same handlers, rules and validation as HTTP.
 * Each record is one command and so one atomic append: a bad record stops the run with its
 * location and reason, and leaves nothing of itself behind. Independent records are in flight
 * together (ImportWindow), each started once the one before it was decided and handed to the
 * store, so their appends share durable commits. Records already imported (their
 * derived event id is in the stream) are counted and not sent again; so are records whose entity
 * or item is already there in the same form (see existing-record.ts).
 */
@Injectable()
export class CommandImporter {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async importAll(
    records: AsyncIterable<SourcedRecord> | Iterable<SourcedRecord>,
    options: ImportOptions,
  ): Promise<ImportSummary> {
    const run: ImportRun = {
      correlationId: `import-${uuidv7()}`,
      options,
      counts: { processed: 0, appended: 0, alreadyPresent: 0, matchedExisting: 0 },
    };
    const window = new ImportWindow<Parsed>();
    for await (const sourced of records) {
      options.signal?.throwIfAborted();
      let parsed: Parsed;
      try {
        const command = parseImportCommand(sourced);
        parsed = { sourced, command, stream: streamOf(command, sourced.location) };
      } catch (error) {
        await this.runWindow(window.take(), run);
        throw stoppedBy(error, run.counts);
      }
      if (window.mustWait(parsed)) await this.runWindow(window.take(), run);
      window.add(parsed);
    }
    await this.runWindow(window.take(), run);
    return { ...run.counts };
  }

  /**
   * Starts the window's records one after another: the next once this one is decided and
   * handed to the store (or settled), so a record refused by its own rules stops the run before
   * anything after it is started. The records were read ahead, so this waits on no I/O: the
   * store commits what was handed to it at the next turn of the event loop, all in one. Then
   * waits for them to be durable; the first that failed stops the run.
   */
  private async runWindow(entries: readonly Parsed[], run: ImportRun): Promise<void> {
    const inFlight: Promise<void>[] = [];
    let refused: { error: unknown } | null = null;
    for (const entry of entries) {
      let handedOver!: () => void;
      const appending = new Promise<void>((resolve) => (handedOver = resolve));
      const done = this.importOne(entry, run, handedOver);
      refused = await Promise.race([
        appending.then(() => null),
        done.then(
          () => null,
          (error: unknown) => ({ error }),
        ),
      ]);
      if (refused) break;
      inFlight.push(done);
    }
    const outcomes = await Promise.allSettled(inFlight);
    const failed = outcomes.findIndex((outcome) => outcome.status === 'rejected');
    run.counts.processed += failed < 0 ? outcomes.length : failed;
    if (failed >= 0) {
      // Refused at commit (the log moved under us): later records of the window may be in.
      const after = outcomes.slice(failed + 1).filter((o) => o.status === 'fulfilled').length;
      throw stoppedBy((outcomes[failed] as PromiseRejectedResult).reason, run.counts, after);
    }
    const last = entries[inFlight.length - 1];
    if (last) run.options.onProgress?.({ ...run.counts, location: last.sourced.location });
    if (refused) throw stoppedBy(refused.error, run.counts);
  }

  private async importOne(
    { sourced, command, stream }: Parsed,
    { correlationId, options, counts }: ImportRun,
    onAppending: () => void,
  ): Promise<void> {
    const eventId = importEventId(command.idempotencyKey);
    const history = await this.store.readStream(stream);
    if (history.some((event) => event.id === eventId)) {
      counts.alreadyPresent += 1;
      return;
    }
    const existing = compareWithExisting(command, history);
    if (existing.outcome === 'conflict')
      throw new ImportRecordError(sourced.location, existing.reason);
    if (existing.outcome === 'matches') {
      counts.matchedExisting += 1;
      options.onMatched?.({
        location: sourced.location,
        stream,
        differences: existing.differences,
      });
      return;
    }
    const version = history.length === 0 ? 0 : history[history.length - 1].version;
    const context: WriteContext = {
      eventId,
      recordedBy: options.recordedBy,
      correlationId,
      assertedRecordedAt: command.assertedRecordedAt,
      onAppending,
    };
    await this.execute(toBusCommand(command, version, context), sourced.location);
    counts.appended += 1;
  }

  private async execute(command: Command<WriteResult>, location: string): Promise<WriteResult> {
    try {
      return await this.commandBus.execute(command);
    } catch (error) {
      if (error instanceof DomainError || error instanceof ApiError) {
        throw new ImportRecordError(location, `${error.code}: ${error.message}`);
      }
      throw error;
    }
  }
}

function streamOf(command: ImportCommand, location: string): string {
  if (command.kind !== 'register-entity') return itemStreamName(command.itemId);
  const entityId = (command.data as { entityId?: unknown }).entityId;
  if (typeof entityId !== 'string' || entityId === '') {
    throw new ImportRecordError(location, 'data.entityId must be a non-empty string');
  }
  return entityStreamName(entityId);
}

/** Corrections and retractions expect the stream's current version, as read just before. */
function toBusCommand(
  command: ImportCommand,
  version: number,
  context: WriteContext,
): Command<WriteResult> {
  switch (command.kind) {
    case 'register-entity':
      return new RegisterEntityCommand(command.data, context);
    case 'record-item':
      return new RecordItemCommand(command.itemId, command.type, command.data, context);
    case 'correct-item':
      return new CorrectItemCommand(command.itemId, version, command.data, context);
    case 'retract-item':
      return new RetractItemCommand(command.itemId, version, command.data, context);
  }
}
