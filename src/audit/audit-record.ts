import { upcast } from '../../events';
import type { RecordedEvent } from '../event-store/event-store.port';

/**
 * How an event is shown to an auditor: every stored field, position as a decimal string (it may
 * exceed 2^53). The field names match the stored event, so `computeEventHash` can be re-run on a
 * parsed record after turning `position` back into a number.
 */
export function toAuditRecord(event: RecordedEvent) {
  return {
    position: event.position.toString(),
    stream: event.stream,
    version: event.version,
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    prevHash: event.prevHash,
    hash: event.hash,
  };
}

/**
 * The history view adds the data as the application reads it today (upcast to the current
 * schema version) next to the data as stored, so an auditor sees both what was written and how
 * it is interpreted. An event the catalogue cannot upcast is still shown, with the reason, because
 * hiding a stored event from an audit would be worse than showing it uninterpreted.
 */
export function toHistoryEntry(event: RecordedEvent) {
  return { ...toAuditRecord(event), upcast: upcastForAudit(event) };
}

function upcastForAudit(event: RecordedEvent) {
  try {
    return upcast(event.type, event.schemaVersion, event.data);
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
