import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/test-app';
import { AUDIT_APP_ENV, AUDITOR_HEADERS, seedAuditLog } from '../e2e/audit.fixtures';
import { runCli } from './cli-runner';

jest.setTimeout(180_000);

/**
 * `verify-proof` runs from files alone: the CLI gets an empty data directory (as on another
 * machine), the published key, a checkpoint, an event and the proofs saved from the service.
 */
describe('policy-timeline verify-proof (offline)', () => {
  let t: TestApp;
  let files: string;
  let elsewhere: string;
  const file = (name: string, content: unknown) => {
    const path = join(files, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };
  const checkpointOf = async (size: number) => {
    for (let attempt = 0; attempt < 200; attempt++) {
      const answer = await t.request('GET', '/audit/checkpoint');
      if (answer.body?.treeSize === size) return answer.body;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`the checkpoint never reached ${size}`);
  };

  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'verify-proof-files-'));
    elsewhere = mkdtempSync(join(tmpdir(), 'verify-proof-elsewhere-'));
    t = await startTestApp(AUDIT_APP_ENV);
    await seedAuditLog(t.store);
  });
  afterAll(async () => {
    await t.close();
    rmSync(files, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('checks a checkpoint, an inclusion proof and a consistency proof; names what fails', async () => {
    const old = await checkpointOf(6);
    await t.store.append('item-later', [{ type: 'Test', data: { n: 1 } }], 'no-stream');
    const checkpoint = await checkpointOf(7);
    const lines = (await t.request('GET', '/audit/events', { headers: AUDITOR_HEADERS })).text
      .trim()
      .split('\n');
    const event = JSON.parse(lines[3]);
    const inclusion = (
      await t.request('GET', `/audit/proof/inclusion?eventId=${event.id}&treeSize=7`)
    ).body;
    const consistency = (await t.request('GET', '/audit/proof/consistency?from=6&to=7')).body;
    const args = [
      'verify-proof',
      '--public-key',
      file('key.json', (await t.request('GET', '/audit/public-key')).text),
      '--checkpoint',
      file('checkpoint.json', checkpoint),
      '--event',
      file('event.json', lines[3]),
      '--inclusion',
      file('inclusion.json', inclusion),
      '--old-checkpoint',
      file('old.json', old),
      '--consistency',
      file('consistency.json', consistency),
    ];
    const good = await runCli(args, elsewhere);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({
      ok: true,
      checks: [{ ok: true }, { ok: true }, { ok: true }, { ok: true }],
    });

    const changedEvent = { ...event, data: { ...event.data, headline: 'something else' } };
    const changed = await runCli(
      args.map((a) => (a.endsWith('event.json') ? file('changed.json', changedEvent) : a)),
      elsewhere,
    );
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/was changed/);

    const forged = { ...checkpoint, rootHash: '00'.repeat(32) };
    const forgedRun = await runCli(
      args.map((a) => (a.endsWith('checkpoint.json') ? file('forged.json', forged) : a)),
      elsewhere,
    );
    expect(forgedRun.code).toBe(1);
    expect(forgedRun.stdout).toMatch(/signed body does not match/);

    const missing = await runCli(
      [
        'verify-proof',
        '--public-key',
        join(files, 'nope.pem'),
        '--checkpoint',
        join(files, 'checkpoint.json'),
      ],
      elsewhere,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--public-key .*ENOENT/);
  });
});
