import { checkCommit, RecentEventIds, type CommitDecision, type Expected } from './commit-check';
import type { LogEvent, TransactionLog } from './transaction-log';

/**
 * KurrentDB protocol test server — not KurrentDB. Writes on the log: appends checked by
 * checkCommit, deletes, and the server's own events.
 *
 * KurrentDB writes its bookkeeping into the same log as user events: $statsCollected events in
 * $stats-<node> streams, $metadata events in $$<stream> metastreams, and a $streamDeleted
 * tombstone in the deleted stream itself (src/KurrentDB.Core/Services/SystemNames.cs,
 * Services/Storage/StorageWriterService.cs). They are interleaved here so readers of $all meet
 * them between user events, and epoch records leave gaps between event positions.
 */
export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

export type AppendOutcome =
  | { readonly kind: 'written' | 'idempotent'; readonly events: readonly LogEvent[] }
  | Exclude<CommitDecision, { kind: 'ok' } | { kind: 'idempotent' }>;

/** How many user appends pass between two $statsCollected events (the stats period, shortened). */
const STATS_EVERY_APPENDS = 7;
const STATS_STREAM = '$stats-127.0.0.1:2113';

export class StreamWriter {
  private appendsSinceStats = 0;

  constructor(
    readonly log: TransactionLog,
    readonly recent: RecentEventIds,
  ) {}

  append(stream: string, expected: Expected, proposed: readonly ProposedEvent[]): AppendOutcome {
    const ids = proposed.map((event) => event.id);
    const decision = checkCommit(this.log, this.recent, stream, expected, ids);
    if (decision.kind === 'idempotent') return { kind: 'idempotent', events: decision.events };
    if (decision.kind !== 'ok') return decision;
    const state = this.log.stream(stream);
    if (state.softDeleted) {
      // Recreating a soft-deleted stream: $tb moves to the first new revision (StorageWriterService).
      state.softDeleted = false;
      state.truncateBefore = this.log.nextRevision(state);
      this.writeMetadata(stream, { $tb: Number(state.truncateBefore) });
    }
    const written = proposed.map((event) => this.log.write({ ...event, stream }));
    written.forEach((event) => this.recent.remember(event));
    this.afterUserWrite();
    return { kind: 'written', events: written };
  }

  /** An old explicit transaction (see TransactionLog.writeLegacyTransaction), no checks. */
  writeLegacyTransaction(stream: string, proposed: readonly ProposedEvent[]): LogEvent[] {
    const written = this.log.writeLegacyTransaction(
      proposed.map((event) => ({ ...event, stream })),
    );
    written.forEach((event) => this.recent.remember(event));
    this.log.notify();
    return written;
  }

  /** Soft delete: the stream reads as not found until it is written again. */
  softDelete(stream: string): void {
    const state = this.log.stream(stream);
    state.softDeleted = true;
    this.writeMetadata(stream, { $tb: Number.MAX_SAFE_INTEGER });
    this.log.notify();
  }

  /** Tombstone (hard delete): a $streamDeleted event in the stream; no write is accepted again. */
  tombstone(stream: string): void {
    this.writeSystem(stream, '$streamDeleted', {});
    this.log.stream(stream).tombstoned = true;
    this.log.notify();
  }

  /** A system event of the server's own, e.g. to fill the log before a test. */
  writeSystem(stream: string, type: string, data: object): LogEvent {
    return this.log.write({
      stream,
      type,
      id: crypto.randomUUID(),
      contentType: 'application/json',
      data: Buffer.from(JSON.stringify(data)),
      customMetadata: new Uint8Array(),
    });
  }

  private writeMetadata(stream: string, metadata: object): void {
    this.writeSystem(`$$${stream}`, '$metadata', metadata);
  }

  private afterUserWrite(): void {
    this.appendsSinceStats += 1;
    if (this.appendsSinceStats >= STATS_EVERY_APPENDS) {
      this.appendsSinceStats = 0;
      this.log.writeGap();
      this.writeSystem(STATS_STREAM, '$statsCollected', { 'proc-cpu': 0.5 });
    }
    this.log.notify();
  }
}
