import type { ItemDoc } from '../read-model/item-doc';
import { withoutControls } from './safe-text';

/**
 * Typed, defensive readers of an ItemDoc's fact. The read model keeps `fact` as the upcast event
 * data (`Record<string, unknown>`), so every renderer reads it through here: a field an old or
 * unusual fact lacks becomes an empty value, never a crash in the middle of a long export, and
 * text comes without C0 control characters (see safe-text.ts), whatever the record holds.
 */

/** entityId -> registered name, for entity labels (items store ids, plus the cited name at best). */
export type EntityNames = ReadonlyMap<string, string>;

export interface SourceFields {
  readonly title: string;
  readonly publisher: string;
  readonly url: string;
  readonly publishedOn: string;
}

export interface OccurredFields {
  readonly edtf: string;
  readonly asStated: string | null;
  readonly precision: string;
}

function text(value: unknown): string {
  return typeof value === 'string' ? withoutControls(value) : '';
}

function record(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

export function headlineOf(item: ItemDoc): string {
  return text(item.fact.headline) || item.itemId;
}

export function summaryOf(item: ItemDoc): string {
  return text(item.fact.summary);
}

export function occurredOf(item: ItemDoc): OccurredFields {
  const occurred = record(item.fact.occurred);
  const asStated = text(occurred.asStated);
  return {
    edtf: text(occurred.edtf),
    asStated: asStated === '' ? null : asStated,
    precision: text(occurred.precision),
  };
}

export function sourcesOf(item: ItemDoc): SourceFields[] {
  const sources = Array.isArray(item.fact.sources) ? (item.fact.sources as unknown[]) : [];
  return sources.map((raw) => {
    const source = record(raw);
    return {
      title: text(source.title),
      publisher: text(source.publisher),
      url: text(source.url),
      publishedOn: text(source.publishedOn),
    };
  });
}

/** `Federal Register — Executive Order 14114 … <https://…> (2023-12-26)`: one line per source. */
export function sourceLabel(source: SourceFields): string {
  const who = [source.publisher, source.title].filter((part) => part !== '').join(' — ');
  const where = source.url === '' ? '' : ` <${source.url}>`;
  const when = source.publishedOn === '' ? '' : ` (${source.publishedOn})`;
  return `${who}${where}${when}`;
}

/**
 * `China (authority, actor; supplier, target)`: one label per entity, with each role and side it
 * has in the item (an entity cited twice, as authority and as party, is one cell entry, not
 * two); the registered name, else the name as cited, else the id.
 */
export function entityLabels(refs: ItemDoc['entities'], names: EntityNames): string[] {
  const byEntity = new Map<string, { name: string; roles: string[] }>();
  for (const ref of refs) {
    const entry = byEntity.get(ref.entityId) ?? {
      name: names.get(ref.entityId) ?? ref.nameAsCited ?? ref.entityId,
      roles: [],
    };
    const role = `${ref.role}, ${ref.side}`;
    if (!entry.roles.includes(role)) entry.roles.push(role);
    byEntity.set(ref.entityId, entry);
  }
  return [...byEntity.values()].map(({ name, roles }) =>
    withoutControls(`${name} (${roles.join('; ')})`),
  );
}

/** A retracted item says so, with the reason, wherever a reader might otherwise trust it. */
export function retractionNote(item: ItemDoc): string | null {
  if (item.status !== 'retracted') return null;
  const reason = text(item.retraction?.reason);
  const duplicate = item.retraction?.duplicateOf
    ? ` (duplicate of ${item.retraction.duplicateOf})`
    : '';
  return `Retracted${reason === '' ? '' : `: ${reason}`}${duplicate}`;
}
