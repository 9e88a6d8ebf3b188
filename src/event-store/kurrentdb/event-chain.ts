import type { EventMetadata, RecordedEvent } from '../event-store.port';
import { computeEventHash } from '../hash-chain';
import type { PreparedEvent } from '../append-validation';

export type UnpositionedEvent = Omit<RecordedEvent, 'position'>;

/**
 * Builds the events of one append as they will be stored: consecutive versions after the head,
 * each linked to its predecessor's hash. Positions are not known until KurrentDB commits, and are
 * not hashed (the log digest covers them).
 */
export function chainEvents(
  stream: string,
  events: readonly PreparedEvent[],
  head: { readonly version: number; readonly hash: string | null },
  recordedAt: string,
): UnpositionedEvent[] {
  let prevHash = head.hash;
  return events.map((event, index) => {
    const metadata: EventMetadata = { recordedAt, ...event.metadata };
    const unhashed = {
      id: event.id,
      stream,
      version: head.version + 1 + index,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata,
      prevHash,
    };
    const hash = computeEventHash(unhashed);
    prevHash = hash;
    return { ...unhashed, hash };
  });
}
