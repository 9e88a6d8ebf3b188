import { computeLogDigest, verifyLog, type VerifyProgress } from '../../src/audit/audit-run';
import { readLogPages } from '../../src/audit/log-reader';
import { startTestApp, type TestApp } from '../support/test-app';
import { AUDIT_APP_ENV, seedAuditLog } from './audit.fixtures';

/** The paging paths the endpoints use, with pages far smaller than the log (6 events). */
describe('audit over many pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(AUDIT_APP_ENV);
    await seedAuditLog(t.store);
  });
  afterAll(() => t.close());

  it('reads a position range across page boundaries without gaps or repeats', async () => {
    const positions: bigint[][] = [];
    for await (const page of readLogPages(t.store, {
      fromPosition: 2n,
      toPosition: 5n,
      pageSize: 2,
    })) {
      positions.push(page.map((e) => e.position));
    }
    expect(positions).toEqual([
      [2n, 3n],
      [4n, 5n],
    ]);
  });

  it('verifies page by page, reporting progress per page, with the same digest as one page', async () => {
    const progress: VerifyProgress[] = [];
    const paged = await verifyLog(t.store, {
      upTo: 6n,
      pageSize: 4,
      onProgress: (p) => progress.push(p),
    });
    const whole = await verifyLog(t.store, { upTo: 6n });
    expect(paged).toEqual(whole);
    expect(progress).toEqual([
      { eventsChecked: 4, position: 4n, upTo: 6n },
      { eventsChecked: 6, position: 6n, upTo: 6n },
    ]);
    expect((await computeLogDigest(t.store, 6n)).digest).toBe(whole.ok && whole.digest);
  });

  it('stops between pages once aborted', async () => {
    const controller = new AbortController();
    const run = verifyLog(t.store, {
      upTo: 6n,
      pageSize: 2,
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('interrupted')),
    });
    await expect(run).rejects.toThrow('interrupted');
  });
});
