import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedOverHttp } from '../support/seed-over-http';
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

describe('SEED_ON_START over a story recorded another way', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'seed-over-http-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('matches the story posted over HTTP, record by record, and appends nothing', async () => {
    const byHand = await startTestApp({ DATA_DIR: dataDir }, { asAdmin: true });
    await seedOverHttp(byHand);
    const head = await byHand.store.headPosition();
    await byHand.close();

    const seeded = await startTestApp({ DATA_DIR: dataDir, SEED_ON_START: 'true' });
    expect(await seeded.store.headPosition()).toBe(head);
    await seeded.close();
  });

  it('starts even when a seed record conflicts with what is recorded', async () => {
    const other = mkdtempSync(join(tmpdir(), 'seed-conflict-'));
    try {
      const byHand = await startTestApp({ DATA_DIR: other }, { asAdmin: true });
      const clash = await byHand.request('POST', '/entities', {
        body: { entityId: 'ent:country:RU', kind: 'company', name: 'Not Russia', aliases: ['NR'] },
      });
      expect(clash.status).toBe(201);
      await byHand.close();

      const seeded = await startTestApp({ DATA_DIR: other, SEED_ON_START: 'true' });
      // The first seed record (China) was imported; the clash stopped the rest, not the start.
      expect((await seeded.request('GET', '/health/ready')).status).toBe(200);
      expect(await seeded.store.readStream('entity-ent:country:CN')).toHaveLength(1);
      expect(await seeded.store.readStream('entity-ent:country:RU')).toHaveLength(1);
      await seeded.close();
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
