import type { ImportCommand } from './import-command';

/**
 * Records in flight together: enough to fill a group commit, few enough to bound memory. An
 * object so the import benchmark can measure one record at a time (size 1) in the same run.
 */
export const IMPORT_WINDOW = { size: 256 };

/**
 * Which records of an import may be in flight together. Each record is still one command and
 * one append; independent ones waiting on the same durable commit let the store write them in
 * one transaction instead of one fsync each. A record joins the open window unless it touches a
 * stream already in it or names an id created in it (an entity it refers to, an item it links):
 * then the window is finished first, so that the record meets the state it would have met one
 * at a time.
 */
export class ImportWindow<T extends WindowRecord> {
  private entries: T[] = [];
  private readonly streams = new Set<string>();
  private readonly created = new Set<string>();

  /** True when `record` must wait until the window's records are in. */
  mustWait({ command, stream }: WindowRecord): boolean {
    if (this.entries.length >= IMPORT_WINDOW.size || this.streams.has(stream)) return true;
    return this.created.size > 0 && namesAny(command.data, this.created);
  }

  add(record: T): void {
    this.entries.push(record);
    this.streams.add(record.stream);
    const { command } = record;
    if (command.kind === 'record-item') this.created.add(command.itemId);
    if (command.kind === 'register-entity') {
      const { entityId } = command.data as { entityId?: unknown };
      if (typeof entityId === 'string') this.created.add(entityId);
    }
  }

  /** The window's records in file order; the next record starts a new window. */
  take(): readonly T[] {
    const taken = this.entries;
    this.entries = [];
    this.streams.clear();
    this.created.clear();
    return taken;
  }
}

export interface WindowRecord {
  readonly command: ImportCommand;
  readonly stream: string;
}

/** Whether any string anywhere in `value` is one of `ids`. */
function namesAny(value: unknown, ids: ReadonlySet<string>): boolean {
  if (typeof value === 'string') return ids.has(value);
  if (Array.isArray(value)) return value.some((element) => namesAny(element, ids));
  if (typeof value === 'object' && value !== null)
    return Object.values(value).some((child) => namesAny(child, ids));
  return false;
}
