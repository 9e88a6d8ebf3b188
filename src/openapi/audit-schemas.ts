import type { SchemaObject } from './component-schemas';
import { DECIMAL, HEX64, INSTANT, object, ref, strings } from './schema-builders';

/** What the audit routes answer: the log's events, digest, verification, checkpoints, proofs. */
export const AUDIT_SCHEMAS: Readonly<Record<string, SchemaObject>> = {
  AuditEvent: object(['position', 'stream', 'version', 'id', 'type', 'data', 'hash'], {
    position: DECIMAL,
    stream: { type: 'string' },
    version: { type: 'integer' },
    id: { type: 'string', format: 'uuid' },
    type: { type: 'string' },
    schemaVersion: { type: 'integer' },
    data: { type: 'object' },
    metadata: { type: 'object' },
    prevHash: { type: ['string', 'null'] },
    hash: HEX64,
  }),
  ItemHistory: object(['itemId', 'stream', 'version', 'events'], {
    itemId: { type: 'string' },
    stream: { type: 'string' },
    version: { type: 'integer', minimum: 1 },
    events: {
      type: 'array',
      items: {
        allOf: [ref('AuditEvent')],
        properties: { upcast: { type: 'object', description: 'data as read today, or {error}' } },
      },
    },
  }),
  LogDigest: object(['position', 'eventCount', 'digest'], {
    position: DECIMAL,
    eventCount: { type: 'integer', minimum: 0 },
    digest: HEX64,
  }),
  VerifyReport: object(['ok', 'position', 'eventsChecked', 'streamsChecked'], {
    ok: { type: 'boolean', description: 'false is a finding about the log (still a 200)' },
    position: DECIMAL,
    eventsChecked: { type: 'integer', minimum: 0 },
    streamsChecked: { type: 'integer', minimum: 0 },
    digest: HEX64,
    break: object(['position', 'problem'], {
      stream: { type: ['string', 'null'] },
      version: { type: ['integer', 'null'] },
      position: DECIMAL,
      eventId: { type: ['string', 'null'] },
      problem: { type: 'string' },
      expected: { type: 'string' },
      found: { type: 'string' },
    }),
    storageProblems: strings,
  }),
  Checkpoint: object(
    ['origin', 'treeSize', 'rootHash', 'position', 'timestamp', 'keyId', 'body', 'signature'],
    {
      origin: { type: 'string' },
      treeSize: { type: 'integer', minimum: 0 },
      rootHash: HEX64,
      position: DECIMAL,
      timestamp: INSTANT,
      keyId: { type: 'string', pattern: '^[0-9a-f]{16}$' },
      body: { type: 'string', description: 'exactly the signed bytes (UTF-8)' },
      signature: { type: 'string', contentEncoding: 'base64', description: 'Ed25519' },
    },
  ),
  PublicKey: object(['algorithm', 'keyId', 'origin', 'publicKey', 'pem'], {
    algorithm: { const: 'Ed25519' },
    keyId: { type: 'string' },
    origin: { type: 'string' },
    publicKey: { type: 'string', contentEncoding: 'base64' },
    pem: { type: 'string' },
  }),
  InclusionProof: object(['eventId', 'leafIndex', 'position', 'treeSize', 'leafHash', 'proof'], {
    eventId: { type: 'string', format: 'uuid' },
    leafIndex: { type: 'integer', minimum: 0 },
    position: DECIMAL,
    treeSize: { type: 'integer', minimum: 1 },
    leafHash: HEX64,
    proof: { type: 'array', items: HEX64 },
  }),
  ConsistencyProof: object(['from', 'to', 'proof'], {
    from: { type: 'integer', minimum: 0 },
    to: { type: 'integer', minimum: 0 },
    proof: { type: 'array', items: HEX64 },
  }),
};
