import type { EventStore } from '../event-store/event-store.port';
import { EMPTY_LOG_DIGEST, nextLogDigest } from './log-digest';
import { readLogPages } from './log-reader';
import { LogVerifier, type VerifyBreak } from './log-verifier';

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
}

/** Recomputes every stream chain and the log digest up to `upTo`; answers the first break. */
export async function verifyLog(store: EventStore, options: VerifyOptions): Promise<VerifyReport> {
  const verifier = new LogVerifier();
  const counts = () => ({
    position: options.upTo.toString(),
    eventsChecked: verifier.eventsChecked,
    streamsChecked: verifier.streamsChecked,
  });
  const pages = readLogPages(store, { toPosition: options.upTo, pageSize: options.pageSize });
  for await (const page of pages) {
    options.signal?.throwIfAborted();
    for (const event of page) {
      const found = verifier.check(event);
      if (found) return { ok: false, ...counts(), break: found };
    }
    const last = page[page.length - 1].position;
    options.onProgress?.({
      eventsChecked: verifier.eventsChecked,
      position: last,
      upTo: options.upTo,
    });
  }
  const mismatch =
    options.expectedDigest === undefined
      ? null
      : verifier.compareDigest(options.upTo, options.expectedDigest);
  if (mismatch) return { ok: false, ...counts(), break: mismatch };
  return { ok: true, ...counts(), digest: verifier.digest };
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
