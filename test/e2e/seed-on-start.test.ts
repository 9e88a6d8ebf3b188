import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp } from '../support/test-app';

describe('SEED_ON_START', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'seed-on-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('imports the seed story at boot, and a restart appends nothing', async () => {
    const first = await startTestApp({ DATA_DIR: dataDir, SEED_ON_START: 'true' });
    const head = await first.store.headPosition();
    const [eo] = await first.store.readStream('item-eo-14114');
    await first.close();
    expect(head).toBeGreaterThan(40n);
    expect(eo.metadata).toMatchObject({
      recordedBy: 'seed',
      extra: { assertedRecordedAt: expect.any(String) },
    });

    const second = await startTestApp({ DATA_DIR: dataDir, SEED_ON_START: 'true' });
    expect(await second.store.headPosition()).toBe(head);
    await second.close();
  });

  it('does nothing by default', async () => {
    const t = await startTestApp();
    expect(await t.store.headPosition()).toBe(0n);
    await t.close();
  });
});
