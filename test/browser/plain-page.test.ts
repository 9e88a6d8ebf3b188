/**
 * The page as a newcomer meets it: the history told in plain words, what the API key is for,
 * what a failed filter leaves on screen, no failed requests on a plain load, and compare mode.
 */
import { describeInBrowser, openTimeline, useSeededBrowser } from './browser-harness';

jest.setTimeout(120_000);

describeInBrowser('web timeline: plain words and a quiet first load', () => {
  const suite = useSeededBrowser();

  it('tells a correction in plain words: no JSON, no JSON pointers', async () => {
    const page = await openTimeline(
      suite.context,
      suite.service.t.baseUrl,
      '?item=blinken-china-trip-2024-04',
    );
    const changes = page.locator('#detail ol.history ul.changes li');
    await changes.first().waitFor();
    const lines = await changes.allTextContents();
    expect(lines).toEqual(
      expect.arrayContaining([
        'status: expected → occurred',
        'confidence: reported → official-record',
        'topic added: russia-defense-industrial-base',
        'date: “expected to travel to China” (2024-04-12/) → “April 24-26” (2024-04-24/2024-04-26)',
        'location: (CN) → Shanghai, Beijing (CN)',
        "source added: Secretary Blinken's Visit to the People's Republic of China (Spokesperson statement), U.S. Department of State (via PublicNow), 2024-04-26",
      ]),
    );
    // The participant is named, not given as an entity id; the test operation is no change.
    expect(lines.join('\n')).toMatch(/^participant: .+ \(host\) → Xi Jinping \(host\)$/m);
    expect(lines.join('\n')).not.toMatch(/[{}"›]|\/-|ent:|^test /m);
    // A source's title is set apart from its publisher and date.
    await expect(
      changes.filter({ hasText: 'source added' }).first().locator('em').textContent(),
    ).resolves.toBe(
      "Secretary Blinken's Visit to the People's Republic of China (Spokesperson statement)",
    );
  });
});
