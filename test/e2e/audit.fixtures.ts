import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import type { EventStore, JsonObject } from '../../src/event-store/event-store.port';

/**
 * A small, plausible log appended straight through the EventStore port (the audit endpoints read
 * the store, so they do not depend on the write side's validation). Positions 1..6, three streams.
 */
export async function seedAuditLog(store: EventStore): Promise<void> {
  const by = { recordedBy: 'analyst@example.org', correlationId: 'corr-seed' };
  await store.append(
    'entity-us-treasury',
    [entityRegistered('us-treasury', 'U.S. Department of the Treasury')],
    'no-stream',
  );
  await store.append(
    'item-eo-14114',
    [{ type: 'LegalInstrumentIssued', schemaVersion: 1, data: eo14114, metadata: by }],
    'no-stream',
  );
  await store.append(
    'item-china-share',
    [{ type: 'TradeStatisticReported', schemaVersion: 1, data: tradeV1, metadata: by }],
    'no-stream',
  );
  await store.append(
    'item-eo-14114',
    [correction('headline', 'EO 14114 signed (amended)', by.correlationId)],
    1,
  );
  await store.append(
    'entity-gaas',
    [entityRegistered('gaas', 'General Atomics Aeronautical Systems')],
    'no-stream',
  );
  await store.append(
    'item-eo-14114',
    [correction('summary', 'Expands secondary sanctions on foreign banks.', 'corr-2')],
    2,
  );
}

function entityRegistered(entityId: string, name: string) {
  return {
    type: 'EntityRegistered',
    schemaVersion: 1,
    data: { entityId, kind: 'organization', name },
    metadata: { recordedBy: 'seed' },
  };
}

function correction(field: string, value: string, correlationId: string) {
  return {
    type: 'ItemCorrected',
    schemaVersion: 1,
    data: {
      kind: 'clarification',
      reason: `tighten the ${field}`,
      patch: [{ op: 'replace', path: `/${field}`, value }],
      factType: 'LegalInstrumentIssued',
      factSchemaVersion: 1,
      fact: { ...eo14114, [field]: value },
    },
    metadata: { recordedBy: 'editor@example.org', correlationId, causationId: 'cause-1' },
  };
}

const eo14114: JsonObject = {
  headline: 'EO 14114 signed',
  summary:
    'Authorises sanctions on foreign financial institutions that support Russia’s military-industrial base.',
  occurred: { edtf: '2023-12-22', earliest: '2023-12-22', latest: '2023-12-22', precision: 'day' },
  instrument: { kind: 'executive-order', identifier: 'EO 14114' },
  issuer: { entityId: 'us-president', nameAsCited: 'President Biden' },
};

const tradeV1: JsonObject = {
  headline: 'China supplied ~90% of Russia’s microelectronics imports in 2023',
  occurred: { edtf: '2023', earliest: '2023-01-01', latest: '2023-12-31', precision: 'year' },
  statistic: {
    observations: [
      {
        label: 'microelectronics',
        percent: 90,
        percentQualifier: 'approximately',
        percentOf: 'Russian imports',
      },
    ],
  },
};

/** Opens the store's file behind the service's back, the way an attacker with disk access would. */
export function withRawDatabase<T>(path: string, edit: (db: Database.Database) => T): T {
  const db = new Database(path);
  try {
    return edit(db);
  } finally {
    db.close();
  }
}

export interface RawEventRow {
  readonly position: number;
  readonly stream: string;
  readonly version: number;
  readonly id: string;
  readonly data: string;
  readonly hash: string;
}

export function rawEvent(db: Database.Database, stream: string, version: number): RawEventRow {
  return db
    .prepare(
      'SELECT position, stream, version, id, data, hash FROM events WHERE stream = ? AND version = ?',
    )
    .get(stream, version) as RawEventRow;
}

/** An auditor key passed to the app through API_KEYS (the audit routes need the auditor role). */
const AUDITOR_KEY = 'ptk_audit-tests-auditor-key';
export const AUDIT_APP_ENV = {
  API_KEYS: `auditor-tests:auditor:${createHash('sha256').update(AUDITOR_KEY).digest('hex')}`,
};
export const AUDITOR_HEADERS = { authorization: `Bearer ${AUDITOR_KEY}` };
