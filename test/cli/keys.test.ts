import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli-runner';

jest.setTimeout(120_000);

describe('policy-timeline keys', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'policy-timeline-keys-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a key, printing it once and storing only its hash', async () => {
    const created = await runCli(
      ['keys', 'create', 'desk-editor', '--role', 'editor', 'auditor'],
      dataDir,
    );
    expect(created.code).toBe(0);
    const { key, roles, keysFile } = JSON.parse(created.stdout);
    expect(roles).toEqual(['editor', 'auditor']);
    const file = readFileSync(keysFile, 'utf8');
    expect(file).toContain('desk-editor');
    expect(file).not.toContain(key);

    const listed = await runCli(['keys', 'list'], dataDir);
    expect(JSON.parse(listed.stdout)).toEqual([
      { name: 'desk-editor', roles: ['editor', 'auditor'] },
    ]);
  });

  it('refuses a duplicate name and an unknown role as usage errors', async () => {
    expect(
      (await runCli(['keys', 'create', 'desk-editor', '--role', 'editor'], dataDir)).code,
    ).toBe(2);
    expect((await runCli(['keys', 'create', 'x', '--role', 'god'], dataDir)).code).toBe(2);
  });

  it('revokes by name; revoking an unknown name exits 1', async () => {
    const revoked = await runCli(['keys', 'revoke', 'desk-editor'], dataDir);
    expect([revoked.code, JSON.parse(revoked.stdout).revoked]).toEqual([0, true]);
    expect(JSON.parse((await runCli(['keys', 'list'], dataDir)).stdout)).toEqual([]);
    expect((await runCli(['keys', 'revoke', 'desk-editor'], dataDir)).code).toBe(1);
  });
});
