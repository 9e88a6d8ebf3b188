/**
 * The seed story (the April 2024 AP story on Chinese supplies to Russia's war industry) as an
 * ordered list of commands, replayed by the write side through the same command path as HTTP.
 * Each command has a stable idempotencyKey, so replaying the seed appends nothing the second time.
 * `assertedRecordedAt` is the research notes' staged recording time: an assertion to keep in
 * metadata, never the server's recordedAt.
 */
import type { EntityRegisteredData } from '../entity-events';
import type { FactInput, FactType } from '../facts';
import type { CorrectionBody, RetractionBody } from '../item-events';
import entities from './entities.json';
import items from './items.json';

interface SeedCommandBase {
  readonly idempotencyKey: string;
  readonly assertedRecordedAt?: string;
}

export interface RegisterEntityCommand extends SeedCommandBase {
  readonly kind: 'register-entity';
  readonly data: EntityRegisteredData;
}

export interface RecordItemCommand extends SeedCommandBase {
  readonly kind: 'record-item';
  readonly itemId: string;
  readonly type: FactType;
  /** Input form: `occurred` is `{ edtf, asStated? }`, the server derives the rest. */
  readonly data: FactInput;
}

export interface CorrectItemCommand extends SeedCommandBase {
  readonly kind: 'correct-item';
  readonly itemId: string;
  readonly data: CorrectionBody;
}

export interface RetractItemCommand extends SeedCommandBase {
  readonly kind: 'retract-item';
  readonly itemId: string;
  readonly data: RetractionBody;
}

export type ItemSeedCommand = RecordItemCommand | CorrectItemCommand | RetractItemCommand;
export type SeedCommand = RegisterEntityCommand | ItemSeedCommand;

/** All 26 entities, parents before their subsidiaries. */
export function seedEntityCommands(): readonly RegisterEntityCommand[] {
  return entities as unknown as readonly RegisterEntityCommand[];
}

/** The 12 items, then their follow-ups, in the order of the asserted recording times. */
export function seedItemCommands(): readonly ItemSeedCommand[] {
  return items as unknown as readonly ItemSeedCommand[];
}

/** Entities first (facts refer to them), then the item commands. */
export function loadSeedCommands(): readonly SeedCommand[] {
  return [...seedEntityCommands(), ...seedItemCommands()];
}
