import canonicalize from 'canonicalize';
import { factToInput, upcast, type Fact } from '../../events';
import type { RecordedEvent } from '../event-store/event-store.port';
import type { ImportCommand } from './import-command';

/**
 * What to do with an import record whose stream already exists but does not hold the record's own
 * event (someone registered the entity or recorded the item by hand, over HTTP or from another
 * file). Re-importing what is already there must not stop an import — the README's own entity
 * example used to make the seed fail — while a record that would mean something else under the
 * same id must stop it, naming what differs.
 */
export type ExistingRecord =
  | { readonly outcome: 'new' }
  | { readonly outcome: 'matches'; readonly differences: readonly string[] }
  | { readonly outcome: 'conflict'; readonly reason: string };

/** Fields that decide what an entity *is*; the rest (aliases, notes, ids) only describe it. */
const ENTITY_IDENTITY = ['kind', 'name'] as const;

export function compareWithExisting(
  command: ImportCommand,
  history: readonly RecordedEvent[],
): ExistingRecord {
  if (history.length === 0) return { outcome: 'new' };
  if (command.kind === 'register-entity') return compareEntity(command.data, history[0]);
  if (command.kind === 'record-item') return compareItem(command, history[0]);
  return findChange(command, history);
}

/**
 * A correction or retraction already in the stream with the same body (posted over HTTP with
 * its own Idempotency-Key, say) is the same change: applying it again would record it twice.
 */
function findChange(
  command: Extract<ImportCommand, { kind: 'correct-item' | 'retract-item' }>,
  history: readonly RecordedEvent[],
): ExistingRecord {
  const type = command.kind === 'correct-item' ? 'ItemCorrected' : 'ItemRetracted';
  const wanted = command.data as Record<string, unknown>;
  const found = history.some(
    (event) =>
      event.type === type &&
      Object.keys(wanted).every((field) => same(wanted[field], event.data[field])) &&
      (type === 'ItemCorrected' || same(wanted, event.data)),
  );
  return found ? { outcome: 'matches', differences: [] } : { outcome: 'new' };
}

/**
 * Same kind and name: the same entity, kept as registered (the record's extra details are not
 * applied; they are reported). Another kind or name under this id is a conflict.
 */
function compareEntity(data: unknown, first: RecordedEvent): ExistingRecord {
  const wanted = data as Record<string, unknown>;
  const existing = first.data as Record<string, unknown>;
  const entityId = String(existing.entityId);
  const clashes = ENTITY_IDENTITY.filter((field) => !same(wanted[field], existing[field]));
  if (clashes.length > 0) {
    const described = clashes
      .map(
        (field) => `${field} ${JSON.stringify(existing[field])} ≠ ${JSON.stringify(wanted[field])}`,
      )
      .join(', ');
    return {
      outcome: 'conflict',
      reason: `entity ${entityId} is already registered as something else (${described})`,
    };
  }
  const fields = new Set([...Object.keys(wanted), ...Object.keys(existing)]);
  const differences = [...fields].filter((field) => !same(wanted[field], existing[field])).sort();
  return { outcome: 'matches', differences };
}

/** An item matches only if it holds the same fact: an item is its content. */
function compareItem(
  command: Extract<ImportCommand, { kind: 'record-item' }>,
  first: RecordedEvent,
): ExistingRecord {
  const stored = upcast(first.type, first.schemaVersion, first.data).data;
  const asSent = factToInput(stored as unknown as Fact) as unknown;
  if (first.type === command.type && same(asSent, command.data)) {
    return { outcome: 'matches', differences: [] };
  }
  const what =
    first.type === command.type ? 'a different fact' : `a ${first.type}, not a ${command.type}`;
  return {
    outcome: 'conflict',
    reason: `item ${command.itemId} already exists with ${what}; give the record another itemId or correct the existing item`,
  };
}

function same(a: unknown, b: unknown): boolean {
  return canonicalize(a ?? null) === canonicalize(b ?? null);
}
