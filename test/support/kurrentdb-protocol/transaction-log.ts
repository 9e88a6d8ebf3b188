/**
 * KurrentDB protocol test server — not KurrentDB. The in-memory transaction log behind it.
 *
 * Positions are byte offsets of log records, as in KurrentDB's TFChunk log: a record's position
 * is where it starts, the next one starts after its bytes, and records that are not events
 * (epochs, system records) leave gaps between event positions
 * (src/KurrentDB.Core/TransactionLog/Chunks/TFChunkWriter.cs, LogRecords/PrepareLogRecord.cs,
 * LogRecords/EpochRecord.cs). Logical positions start at 0, past the chunk header.
 * Events appended over gRPC are single prepares flagged as committed, so their $all position has
 * commit == prepare (src/KurrentDB.Core/Data/TFPos.cs, Services/Transport/Grpc/Streams.Append.cs).
 */
export interface LogEvent {
  readonly stream: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
  readonly commit: bigint;
  readonly prepare: bigint;
  readonly created: Date;
}

export type NewEvent = Omit<LogEvent, 'commit' | 'prepare' | 'created' | 'revision'>;

function recordSize(event: NewEvent): bigint {
  const names = Buffer.byteLength(event.stream) + Buffer.byteLength(event.type);
  const payload = event.data.length + event.customMetadata.length;
  return RECORD_FRAME_BYTES + PREPARE_FIXED_BYTES + BigInt(names + payload);
}

export interface StreamState {
  /** Revisions of the stream's events, in order; index i holds revision truncatedBefore + i. */
  readonly events: LogEvent[];
  /** Soft delete: events below this revision are invisible (the $tb stream metadata). */
  truncateBefore: bigint;
  softDeleted: boolean;
  tombstoned: boolean;
}

/** Length prefix and suffix around every record, and the fixed part of a prepare record. */
const RECORD_FRAME_BYTES = 8n;
const PREPARE_FIXED_BYTES = 81n;
/** A record that is not an event (an epoch) between events: a gap in event positions. */
const GAP_RECORD_BYTES = 62n;

export class TransactionLog {
  readonly events: LogEvent[] = [];
  readonly streams = new Map<string, StreamState>();
  /** Start positions of every record: only these (and the end) are valid read positions. */
  private readonly recordStarts = new Set<bigint>();
  private end = 0n;
  private readonly listeners = new Set<() => void>();

  /** Where the next record will be written: the writer checkpoint. */
  get endPosition(): bigint {
    return this.end;
  }

  /** A position is readable if a record starts there, or it is the end of the log. */
  isRecordBoundary(position: bigint): boolean {
    return position === this.end || this.recordStarts.has(position);
  }

  stream(name: string): StreamState {
    let state = this.streams.get(name);
    if (state === undefined) {
      state = { events: [], truncateBefore: 0n, softDeleted: false, tombstoned: false };
      this.streams.set(name, state);
    }
    return state;
  }

  /** Next revision of a stream: its last event's revision + 1 (soft deletes keep counting). */
  nextRevision(state: StreamState): bigint {
    const last = state.events[state.events.length - 1];
    return last === undefined ? state.truncateBefore : last.revision + 1n;
  }

  /** Writes one event record at the end of the log; commit == prepare == its start. */
  write(event: NewEvent): LogEvent {
    return this.writePrepares([event], null)[0] as LogEvent;
  }

  /**
   * A legacy (TCP-era, explicit) transaction: its prepares, then one commit record; every event
   * of it has the commit record's position as commit and its own prepare's as prepare
   * (LogRecords/CommitLogRecord.cs). gRPC appends never write these; old databases hold them.
   */
  writeLegacyTransaction(events: readonly NewEvent[]): LogEvent[] {
    let end = this.end;
    for (const event of events) end += recordSize(event);
    return this.writePrepares(events, end);
  }

  private writePrepares(events: readonly NewEvent[], commit: bigint | null): LogEvent[] {
    const written = events.map((event) => {
      const state = this.stream(event.stream);
      const position = this.end;
      const recorded: LogEvent = {
        ...event,
        revision: this.nextRevision(state),
        commit: commit ?? position,
        prepare: position,
        created: new Date(),
      };
      this.end += recordSize(event);
      this.recordStarts.add(position);
      this.events.push(recorded);
      state.events.push(recorded);
      return recorded;
    });
    if (commit !== null) this.writeGap();
    return written;
  }

  /** A record that is not an event (an epoch): a valid position, but a gap between events. */
  writeGap(bytes: bigint = GAP_RECORD_BYTES): void {
    this.recordStarts.add(this.end);
    this.end += bytes;
  }

  /** Index in `events` of the first event at or after `position`. */
  indexAtOrAfter(position: bigint): number {
    let low = 0;
    let high = this.events.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.events[middle] as LogEvent).prepare < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  onWrite(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
