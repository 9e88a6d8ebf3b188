import type { CorruptRow } from '../event-store/event-store.errors';
import type { RecordedEvent } from '../event-store/event-store.port';
import { verifyStreamChain, type ChainBreak } from '../event-store/hash-chain';
import { EMPTY_LOG_DIGEST, nextLogDigest } from './log-digest';

export type VerifyProblem =
  | ChainBreak['problem']
  | 'position-order'
  | 'digest-mismatch'
  | 'corrupt-row'
  | 'truncated'
  | 'storage-damaged';

/** The first broken link, as an auditor reads it (positions as decimal strings). */
export interface VerifyBreak {
  /** Null for a log-wide finding (digest mismatch, truncation, a damaged file): no one event. */
  readonly stream: string | null;
  readonly version: number | null;
  readonly position: string;
  readonly eventId: string | null;
  readonly problem: VerifyProblem;
  readonly expected: string;
  readonly found: string;
}

interface StreamHead {
  readonly version: number;
  readonly hash: string;
}

/**
 * Checks the log one event at a time, in global order: each event must continue its stream's
 * hash chain (verifyStreamChain from the last seen {version, hash} of that stream) and come
 * after its stream predecessor in the global order. Memory is one small entry per stream, never
 * the events themselves; the running log digest is folded in as events pass.
 */
export class LogVerifier {
  private readonly heads = new Map<string, StreamHead>();
  private digestSoFar = EMPTY_LOG_DIGEST;
  private checked = 0;

  get eventsChecked(): number {
    return this.checked;
  }

  get streamsChecked(): number {
    return this.heads.size;
  }

  get digest(): string {
    return this.digestSoFar;
  }

  /** Returns the break this event causes, or null (and advances) when it continues the log. */
  check(event: RecordedEvent): VerifyBreak | null {
    const head = this.heads.get(event.stream);
    if (head && event.version <= head.version) {
      // A stream's versions must rise with global position; an earlier version seen later means
      // positions were moved (or an event re-inserted) behind the store's back.
      return {
        ...locate(event),
        problem: 'position-order',
        expected: `version ${head.version + 1} or later`,
        found: `version ${event.version}`,
      };
    }
    const chainBreak = verifyStreamChain([event], head);
    if (chainBreak) return { ...chainBreak, position: chainBreak.position.toString() };
    this.heads.set(event.stream, { version: event.version, hash: event.hash });
    this.digestSoFar = nextLogDigest(this.digestSoFar, event.hash);
    this.checked += 1;
    return null;
  }

  /** Compares the digest so far with one an auditor saved for `position`. */
  compareDigest(position: bigint, saved: string): VerifyBreak | null {
    if (saved === this.digestSoFar) return null;
    return {
      stream: null,
      version: null,
      position: position.toString(),
      eventId: null,
      problem: 'digest-mismatch',
      expected: saved,
      found: this.digestSoFar,
    };
  }
}

/** A stored row that no longer decodes: its content cannot be checked, so the log is broken there. */
export function corruptRowBreak(row: CorruptRow, reason: string): VerifyBreak {
  return {
    stream: row.stream,
    version: row.version,
    position: row.position.toString(),
    eventId: row.eventId,
    problem: 'corrupt-row',
    expected: 'a stored event that decodes',
    found: reason,
  };
}

/**
 * A saved digest names a position the log no longer reaches: events at the end were removed
 * (the one change a chain cannot show, since nothing follows the last event).
 */
export function truncatedBreak(position: bigint, head: bigint): VerifyBreak {
  return {
    stream: null,
    version: null,
    position: position.toString(),
    eventId: null,
    problem: 'truncated',
    expected: `a log reaching position ${position}`,
    found: `the log ends at position ${head}`,
  };
}

/**
 * The store file failed SQLite's own check (pages or indexes are damaged, whatever the rows say),
 * or is no longer the file at its path.
 */
export function storageBreak(position: bigint, check: string, finding: string): VerifyBreak {
  return {
    stream: null,
    version: null,
    position: position.toString(),
    eventId: null,
    problem: 'storage-damaged',
    expected: `${check}: ok`,
    found: finding,
  };
}

function locate(event: RecordedEvent) {
  return {
    stream: event.stream,
    version: event.version,
    position: event.position.toString(),
    eventId: event.id,
  };
}
