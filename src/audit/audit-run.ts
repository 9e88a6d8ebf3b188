import { StorageError } from '../event-store/event-store.errors';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port';
import { EMPTY_LOG_DIGEST, nextLogDigest } from './log-digest';
import { readLogPages } from './log-reader';
import {
  corruptRowBreak,
  LogVerifier,
  storageBreak,
  truncatedBreak,
  type VerifyBreak,
} from './log-verifier';

export interface LogDigestReport {
  readonly position: string;
  readonly eventCount: number;
  readonly digest: string;
}

export type VerifyReport =
  | {
      readonly ok: true;
      readonly position: string;
      readonly eventsChecked: number;
      readonly streamsChecked: number;
      readonly digest: string;
    }
  | {
      readonly ok: false;
      readonly position: string;
      readonly eventsChecked: number;
      readonly streamsChecked: number;
      readonly break: VerifyBreak;
      /** The storage check's findings, when it failed (the log was then not walked). */
      readonly storageProblems?: readonly string[];
    };

export interface VerifyProgress {
  readonly eventsChecked: number;
  /** Position of the last event checked. */
  readonly position: bigint;
  /** Position the run goes up to. */
  readonly upTo: bigint;
}

export interface VerifyOptions {
  /** Verify up to this position (inclusive). */
  readonly upTo: bigint;
  /** A digest an auditor saved earlier for `upTo`; the run fails if today's differs. */
  readonly expectedDigest?: string;
  readonly onProgress?: (progress: VerifyProgress) => void;
  /** Stops between pages (client gone, Ctrl-C); the run then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  readonly pageSize?: number;
  /**
   * The head of the log, when `upTo` may lie beyond it: only with `expectedDigest`, and then the
   * run reports the log as truncated.
   */
  readonly head?: bigint;
  /** Run SQLite's integrity_check instead of quick_check before the walk (slower, checks more). */
  readonly full?: boolean;
}

/**
 * Recomputes every stream chain and the log digest up to `upTo`; answers the first break. A row
 * that does not decode is a break at its position (after checking the events before it); a saved
 * digest for a position beyond `head` is a truncated log, since the events it covered are gone.
 */
export async function verifyLog(store: EventStore, options: VerifyOptions): Promise<VerifyReport> {
  const verifier = new LogVerifier();
  const counts = () => ({
    position: options.upTo.toString(),
    eventsChecked: verifier.eventsChecked,
    streamsChecked: verifier.streamsChecked,
  });
  // A damaged file can hold intact rows behind a broken index: the chains alone would say ok.
  const storageProblems = (await store.checkStorage?.(options.full ?? false)) ?? [];
  if (storageProblems.length > 0) {
    const check = options.full ? 'integrity_check' : 'quick_check';
    return {
      ok: false,
      ...counts(),
      break: storageBreak(options.upTo, check, storageProblems[0]),
      storageProblems,
    };
  }
  const beyondHead = options.head !== undefined && options.upTo > options.head;
  const reach = beyondHead ? options.head! : options.upTo;
  let checkedUpTo = 0n;
  const checkPage = (page: readonly RecordedEvent[]) => {
    for (const event of page) {
      const found = verifier.check(event);
      if (found) return found;
    }
    if (page.length > 0) checkedUpTo = page[page.length - 1].position;
    return null;
  };
  try {
    const pages = readLogPages(store, { toPosition: reach, pageSize: options.pageSize });
    for await (const page of pages) {
      options.signal?.throwIfAborted();
      const found = checkPage(page);
      if (found) return { ok: false, ...counts(), break: found };
      options.onProgress?.({
        eventsChecked: verifier.eventsChecked,
        position: checkedUpTo,
        upTo: reach,
      });
    }
  } catch (error) {
    if (!(error instanceof StorageError) || error.row === undefined) throw error;
    const before = await eventsBefore(store, checkedUpTo, error.row.position);
    const found = checkPage(before) ?? corruptRowBreak(error.row, error.message);
    return { ok: false, ...counts(), break: found };
  }
  if (beyondHead) return { ok: false, ...counts(), break: truncatedBreak(options.upTo, reach) };
  const mismatch =
    options.expectedDigest === undefined
      ? null
      : verifier.compareDigest(options.upTo, options.expectedDigest);
  if (mismatch) return { ok: false, ...counts(), break: mismatch };
  return { ok: true, ...counts(), digest: verifier.digest };
}

/** The events after `after` and before the corrupt row's position (the page that held it failed whole). */
async function eventsBefore(store: EventStore, after: bigint, corrupt: bigint) {
  const gap = corrupt - after - 1n;
  if (gap <= 0n) return [];
  const events = await store.readAll({ after, limit: Number(gap) }).catch(() => []);
  return events.filter((event) => event.position < corrupt);
}

/** The log digest up to `upTo` (inclusive), without re-checking the chains. */
export async function computeLogDigest(
  store: EventStore,
  upTo: bigint,
  signal?: AbortSignal,
): Promise<LogDigestReport> {
  let digest = EMPTY_LOG_DIGEST;
  let eventCount = 0;
  for await (const page of readLogPages(store, { toPosition: upTo })) {
    signal?.throwIfAborted();
    for (const event of page) digest = nextLogDigest(digest, event.hash);
    eventCount += page.length;
  }
  return { position: upTo.toString(), eventCount, digest };
}
