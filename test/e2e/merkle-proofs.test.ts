import { createPublicKey } from 'node:crypto';
import type { Checkpoint } from '../../src/audit/merkle/checkpoint';
import { parsePublicKey } from '../../src/audit/merkle/checkpoint';
import {
  checkCheckpoint,
  checkConsistency,
  checkInclusion,
  type AuditedEvent,
} from '../../src/audit/merkle/offline-verify';
import { startTestApp, type TestApp } from '../support/test-app';
import { AUDIT_APP_ENV, AUDITOR_HEADERS, seedAuditLog, withRawDatabase } from './audit.fixtures';

/** The verifiable log over HTTP against a real SQLite store, checked with the offline verifier. */
describe('GET /audit/checkpoint and the Merkle proofs', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(AUDIT_APP_ENV);
    await seedAuditLog(t.store);
  });
  afterEach(() => t.close());

  const get = (path: string) => t.request('GET', path, { headers: AUDITOR_HEADERS });
  const events = async (): Promise<AuditedEvent[]> =>
    (await get('/audit/events')).text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
  /** The follower runs milliseconds behind the store: wait until the checkpoint covers `size`. */
  const checkpointOf = async (size: number): Promise<Checkpoint> => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const answer = await t.request('GET', '/audit/checkpoint');
      expect(answer.status).toBe(200);
      if (answer.body.treeSize === size) return answer.body as Checkpoint;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`the checkpoint never reached ${size}`);
  };
  const publicKey = async () =>
    parsePublicKey((await t.request('GET', '/audit/public-key')).body.publicKey);

  it('signs a checkpoint anyone can check with the published key, and proves each event in it', async () => {
    const log = await events();
    const checkpoint = await checkpointOf(log.length);
    const published = (await t.request('GET', '/audit/public-key')).body;
    expect(published).toMatchObject({
      algorithm: 'Ed25519',
      keyId: checkpoint.keyId,
      origin: checkpoint.origin,
    });
    // The PEM and the raw key are the same key.
    expect(createPublicKey(published.pem).equals(parsePublicKey(published.publicKey))).toBe(true);
    expect(checkCheckpoint(checkpoint, await publicKey())).toBeNull();
    expect(checkpoint.position).toBe(log[log.length - 1].position);

    for (const event of log) {
      const proof = (
        await t.request(
          'GET',
          `/audit/proof/inclusion?eventId=${event.id}&treeSize=${checkpoint.treeSize}`,
        )
      ).body;
      expect(checkInclusion(checkpoint, event, proof)).toBeNull();
    }
    // A proof of a few hundred bytes at most for this log: log2(size) hashes.
    const proof = (await t.request('GET', `/audit/proof/inclusion?eventId=${log[0].id}`)).body;
    expect(proof.proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(log.length)));
  });

  it('proves that a later checkpoint extends an earlier one', async () => {
    const before = await checkpointOf((await events()).length);
    await t.store.append('item-later', [{ type: 'Test', data: { n: 1 } }], 'no-stream');
    const after = await checkpointOf(before.treeSize + 1);
    const proof = (
      await t.request(
        'GET',
        `/audit/proof/consistency?from=${before.treeSize}&to=${after.treeSize}`,
      )
    ).body;
    expect(checkConsistency(before, after, proof)).toBeNull();
    expect(checkConsistency(after, before, proof)).toMatch(/truncated/);
  });

  it('catches an event changed in the store after the checkpoint was saved', async () => {
    const log = await events();
    const checkpoint = await checkpointOf(log.length);
    const target = log[1];
    withRawDatabase(t.config.sqlitePath, (db) => {
      const row = db.prepare('SELECT data FROM events WHERE id = ?').get(target.id) as {
        data: string;
      };
      db.prepare('UPDATE events SET data = ? WHERE id = ?').run(
        row.data.replace('14114', '14115'),
        target.id,
      );
    });
    const changed = (await events()).find((e) => e.id === target.id)!;
    expect(changed).not.toEqual(target);
    const proof = (
      await t.request(
        'GET',
        `/audit/proof/inclusion?eventId=${target.id}&treeSize=${checkpoint.treeSize}`,
      )
    ).body;
    expect(checkInclusion(checkpoint, changed, proof)).toMatch(/was changed/);
    // Even with the hash field rewritten to match, the leaf no longer does.
    const { computeEventHash } = await import('../../src/event-store/hash-chain');
    const rehashed = { ...changed, hash: computeEventHash(changed) };
    expect(checkInclusion(checkpoint, rehashed, proof)).toMatch(/is not at leaf/);
  });

  it('refuses bad parameters with a 400 naming them, and an unknown event with a 404', async () => {
    const cases: [string, string][] = [
      ['/audit/proof/inclusion', 'eventId'],
      ['/audit/proof/inclusion?eventId=nope', 'eventId'],
      [
        '/audit/proof/inclusion?eventId=0193a0a0-0000-7000-8000-000000000000&treeSize=0',
        'treeSize',
      ],
      [
        '/audit/proof/inclusion?eventId=0193a0a0-0000-7000-8000-000000000000&treeSize=999',
        'treeSize',
      ],
      ['/audit/proof/consistency', 'from'],
      ['/audit/proof/consistency?from=-1', 'from'],
      ['/audit/proof/consistency?from=3&to=2', 'from'],
      ['/audit/proof/consistency?from=1&to=1e3', 'to'],
      ['/audit/checkpoint?x=1', 'x'],
    ];
    await checkpointOf((await events()).length);
    for (const [path, field] of cases) {
      const answer = await t.request('GET', path);
      expect({ path, status: answer.status, type: answer.headers.get('content-type') }).toEqual({
        path,
        status: 400,
        type: expect.stringContaining('application/problem+json'),
      });
      expect(JSON.stringify(answer.body)).toContain(field);
    }
    const unknown = await t.request(
      'GET',
      '/audit/proof/inclusion?eventId=0193a0a0-0000-7000-8000-000000000000',
    );
    expect(unknown.status).toBe(404);
  });
});
