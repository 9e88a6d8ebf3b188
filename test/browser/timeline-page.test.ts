/**
 * The web timeline in a real browser against the real service loaded with the seed story:
 * lanes, imprecise ranges, the entity filter by alias, the detail panel, retracted items,
 * keyboard use, a phone-sized screen and an automated accessibility check.
 */
import AxeBuilder from '@axe-core/playwright';
import {
  describeInBrowser,
  newContext,
  openTimeline,
  screenshot,
  useSeededBrowser,
} from './browser-harness';
import { laneContents, listButton, listedItemIds, waitForLoad } from './page-helpers';

jest.setTimeout(120_000);

describeInBrowser('web timeline page', () => {
  const suite = useSeededBrowser();

  it('is served at / by the service itself, without shadowing the API', async () => {
    const page = await suite.service.t.request('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('<script src="main.js"');
    const api = await suite.service.t.request('GET', '/timeline?limit=1');
    expect(api.headers.get('content-type')).toMatch(/application\/json/);
    const missing = await suite.service.t.request('GET', '/no-such-page');
    expect(missing.status).toBe(404);
  });

  it('shows the story in lanes by fact type, imprecise dates as hatched ranges with the wording in a tooltip', async () => {
    const page = await openTimeline(suite.context, suite.service.t.baseUrl);
    const lanes = await laneContents(page);
    expect(lanes['Legal instruments'].join()).toContain('Biden signs EO 14114');
    expect(lanes['Sanctions threatened'].join()).toContain('Yellen warns in Beijing');
    expect(lanes['Sanctions imposed'].join()).toContain('China imposes countermeasures');

    const quarter = page.locator('.vis-item', { hasText: 'Nearly 70% of Russia' });
    await expect(quarter.getAttribute('class')).resolves.toMatch(
      /\bimprecise\b.*\bvis-range\b|\bvis-range\b.*\bimprecise\b/,
    );
    const day = page.locator('.vis-item', { hasText: 'Biden signs EO 14114' });
    await expect(day.getAttribute('class')).resolves.toMatch(/\bvis-point\b/);
    await quarter.hover();
    await page.locator('.vis-tooltip', { hasText: 'in the last quarter of 2023' }).waitFor();
    await screenshot(page, 'timeline-by-type');

    // Lanes by actor: the item appears in the lane of each entity the API lists on its actor side.
    const item = await suite.service.t.request('GET', '/items/cn-mfa-decree-5-2024');
    const actorIds = (item.body.entities as { entityId: string; side: string }[])
      .filter((e) => e.side === 'actor')
      .map((e) => e.entityId);
    const actorNames: string[] = [];
    for (const id of actorIds) {
      actorNames.push(
        (await suite.service.t.request('GET', `/entities/${id}`)).body.name as string,
      );
    }
    expect(actorNames.length).toBeGreaterThan(0);
    await page.getByLabel('By actor').check();
    // vis-timeline redraws on the next animation frame: wait for the new lanes.
    await page.locator('.vis-label', { hasText: actorNames[0] }).first().waitFor();
    const byActor = await laneContents(page);
    for (const name of actorNames) {
      expect(byActor[name].join()).toContain('China imposes countermeasures');
    }
    expect(page.url()).toContain('lanes=actor');
    await screenshot(page, 'timeline-by-actor');
  });

  it('filters by an entity alias ("PRC"), suggesting the entity from its aliases', async () => {
    const page = await openTimeline(suite.context, suite.service.t.baseUrl);
    const everything = await listedItemIds(page);
    await page.getByLabel('Entity').fill('PRC');
    await page
      .locator('#entity-suggestions option[value="People\'s Republic of China"]')
      .waitFor({ state: 'attached' });
    await page.getByLabel('Entity').press('Enter');
    await waitForLoad(page);

    const shown = await listedItemIds(page);
    const api = await suite.service.t.request('GET', '/timeline?entity=ent:country:CN&limit=500');
    const involvingChina = (api.body.items as { itemId: string }[]).map((i) => i.itemId);
    expect(shown.sort()).toEqual(involvingChina.sort());
    expect(shown).toContain('cn-mfa-decree-5-2024');
    expect(shown).not.toContain('eo-14114');
    expect(shown.length).toBeLessThan(everything.length);
    expect(new URL(page.url()).searchParams.get('entity')).toBe('PRC');
  });

  it('filters by jurisdiction (whose law the fact is made under), as the API does, and keeps it in the link', async () => {
    const page = await openTimeline(suite.context, suite.service.t.baseUrl);
    await page.getByLabel('Jurisdiction').fill('CN');
    await page.getByLabel('Jurisdiction').press('Enter');
    await waitForLoad(page);
    const shown = await listedItemIds(page);
    const api = await suite.service.t.request('GET', '/timeline?jurisdiction=CN&limit=500');
    expect(shown.sort()).toEqual(
      (api.body.items as { itemId: string }[]).map((i) => i.itemId).sort(),
    );
    expect(shown).toContain('cn-mfa-decree-5-2024');
    expect(new URL(page.url()).searchParams.get('jurisdiction')).toBe('CN');
  });

  it('opens the countermeasures in the detail panel: both companies, the decree as a source, the history', async () => {
    const page = await openTimeline(suite.context, suite.service.t.baseUrl);
    await page.locator('.vis-item', { hasText: 'China imposes countermeasures' }).click();
    const panel = page.locator('#detail');
    await panel.getByRole('heading', { name: /China imposes countermeasures/ }).waitFor();
    const targets = panel.locator('section', {
      has: page.getByRole('heading', { name: 'Targets' }),
    });
    await expect(targets.textContent()).resolves.toContain(
      'General Atomics Aeronautical Systems, Inc. (target)',
    );
    await expect(targets.textContent()).resolves.toContain(
      'General Dynamics Land Systems (target)',
    );
    const decree = panel.getByRole('link', { name: /Decision on Taking Countermeasures/ });
    await expect(decree.getAttribute('href')).resolves.toMatch(/^https?:\/\//);
    await expect(panel.textContent()).resolves.toContain('MFA Decree No. 5 (2024)');
    await panel.getByText('Recorded as SanctionImposed').waitFor();
    expect(new URL(page.url()).searchParams.get('item')).toBe('cn-mfa-decree-5-2024');
    await screenshot(page, 'detail-panel');
  });

  it('shows a correction in the history with its reason, what changed, who and when', async () => {
    const page = await openTimeline(
      suite.context,
      suite.service.t.baseUrl,
      '?item=blinken-china-trip-2024-04',
    );
    const history = page.locator('#detail ol.history');
    await history.getByText('Corrected (update)').waitFor();
    const text = await history.textContent();
    expect(text).toContain('Reason: The trip took place');
    expect(text).toContain('status: expected → occurred');
    expect(text).toMatch(/recorded \d{4}-\d{2}-\d{2} [\d:]+ UTC by browser-admin/);
  });

  it('can be used with the keyboard alone: the list selects items and moves focus to the details', async () => {
    const page = await openTimeline(suite.context, suite.service.t.baseUrl);
    await listButton(page, 'yellen-warning-2024-04-08').focus();
    await page.keyboard.press('Enter');
    await page.locator('#detail-heading', { hasText: 'Yellen warns' }).waitFor();
    await expect(
      page.locator('#detail-heading').evaluate((h) => h === h.ownerDocument.activeElement),
    ).resolves.toBe(true);
    await expect(
      listButton(page, 'yellen-warning-2024-04-08').getAttribute('aria-pressed'),
    ).resolves.toBe('true');
  });

  it('shows the retracted duplicate only with "include retracted"', async () => {
    const page = await openTimeline(suite.context, suite.service.t.baseUrl);
    expect(await listedItemIds(page)).not.toContain('xi-lavrov-dup-tribune');
    await page.getByLabel('Include retracted').check();
    await waitForLoad(page);
    const duplicate = listButton(page, 'xi-lavrov-dup-tribune');
    await expect(duplicate.textContent()).resolves.toContain('retracted');
    await duplicate.click();
    await page
      .locator('#detail .retraction', { hasText: 'Retracted (duplicate): Same meeting' })
      .waitFor();
    await page.getByLabel('Include retracted').uncheck();
    await waitForLoad(page);
    expect(await listedItemIds(page)).not.toContain('xi-lavrov-dup-tribune');
  });

  it('answers the analyst: "General Dynamics" finds the countermeasures through its subsidiary', async () => {
    const page = await openTimeline(suite.context, suite.service.t.baseUrl);
    await page.getByLabel('Entity').fill('General Dynamics');
    await page.getByLabel('Entity').press('Enter');
    await waitForLoad(page);
    expect(await listedItemIds(page)).toEqual([]);
    await page.getByLabel('Include subsidiaries').check();
    await waitForLoad(page);
    expect(await listedItemIds(page)).toEqual(['cn-mfa-decree-5-2024']);
    expect(new URL(page.url()).searchParams.get('includeSubsidiaries')).toBe('true');
  });

  it('fits a phone-sized screen without sideways scrolling', async () => {
    const phone = await newContext(suite.session.browser, true, { width: 390, height: 844 });
    const page = await openTimeline(phone, suite.service.t.baseUrl, '?item=cn-mfa-decree-5-2024');
    await page.locator('#detail-heading').waitFor();
    const overflow = await page
      .locator('html')
      .evaluate((html) => html.scrollWidth - html.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'phone');
    await phone.close();
  });

  it('has no serious or critical accessibility violations (axe), with the detail panel open', async () => {
    const view = '?item=cn-mfa-decree-5-2024&start=2023-09-01&end=2024-06-15';
    const page = await openTimeline(suite.context, suite.service.t.baseUrl, view);
    await page.locator('#detail ol.history').waitFor();
    await screenshot(page, 'detail-from-link', false);
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
    expect(serious).toEqual([]);
  });
});
