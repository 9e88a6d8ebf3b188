import { CURRENT_SCHEMA_VERSION } from '../../events';
import { ReadModelService } from '../../src/read-model/read-model.service';
import { seedOverHttp } from '../support/seed-over-http';
import { startTestApp, type TestApp } from '../support/test-app';
import { fact } from './read-side.fixture';

/**
 * The service as the consumer tests read it: the seed story posted over HTTP, plus items whose
 * text is what breaks exports in real readers — line breaks of every kind, quotes, commas,
 * leading formula characters, typographic punctuation, scripts outside Latin-1, U+2028, and
 * source URLs with `,` and `;`. They are appended through the store port (what an older record
 * or an import may hold), so the exports are tested on content the write path may refuse today.
 */

export interface AdversarialItem {
  readonly itemId: string;
  readonly headline: string;
  readonly summary: string;
  readonly sources: readonly { title: string; publisher: string; url: string }[];
}

export const ADVERSARIAL: readonly AdversarialItem[] = [
  {
    itemId: 'zz-adversarial-lines',
    headline: 'Line one\nline two (LF only, no comma or quote)',
    summary: 'CRLF here\r\nand a lone CR here\rand a lone LF here\nend',
    sources: [
      { title: 'First source', publisher: 'Alpha', url: 'https://example.org/a' },
      { title: 'Second source', publisher: 'Beta', url: 'https://example.org/b' },
    ],
  },
  {
    itemId: 'zz-adversarial-quotes',
    headline: 'He said "no", then left; the “curly” ‘ones’ — and an en dash –',
    summary: '"Quoted from the start", with commas, and ""doubled"" quotes',
    sources: [
      {
        title: 'Matrix, row 3; col 4',
        publisher: 'Gamma',
        url: 'https://example.org/search?q=a,b;c&lang=en',
      },
    ],
  },
  {
    itemId: 'zz-adversarial-formula',
    headline: '=HYPERLINK("https://evil.example","click")',
    summary: '+1+cmd|/C calc!A0',
    sources: [{ title: '-2+3', publisher: '@SUM(A1)', url: 'https://example.org/;jsessionid=x' }],
  },
  {
    itemId: 'zz-adversarial-unicode',
    headline: 'Zoë meets 王毅 in Москва 🇨🇳 (e\u0301 combining)',
    summary: 'Paragraph\u2028separator and\u2029paragraph mark, tab\there',
    sources: [{ title: 'Ünïcödé — “title”', publisher: 'Δelta', url: 'https://example.org/ü' }],
  },
];

/** Every adversarial item is a day item, on consecutive days of May 2025. */
export const adversarialDay = (index: number) => `2025-05-${String(10 + index).padStart(2, '0')}`;

async function appendAdversarial(t: TestApp): Promise<bigint> {
  let head = 0n;
  for (const [index, item] of ADVERSARIAL.entries()) {
    const day = adversarialDay(index);
    const data = {
      ...fact({ headline: item.headline, days: [day, day] }),
      summary: item.summary,
      occurred: { edtf: day, earliest: day, latest: day, precision: 'day' },
      sources: item.sources.map((s) => ({ ...s, kind: 'news', publishedOn: day })),
    };
    const event = {
      type: 'SanctionThreatened',
      schemaVersion: CURRENT_SCHEMA_VERSION.SanctionThreatened,
      data: data as never,
    };
    const result = await t.store.append(`item-${item.itemId}`, [event], 'no-stream');
    head = result.position;
  }
  return head;
}

export interface ConsumerService {
  readonly t: TestApp;
  /** The store's head once everything was appended: pass as minPosition. */
  readonly head: bigint;
}

export async function startConsumerService(
  env: Record<string, string> = {},
): Promise<ConsumerService> {
  const t = await startTestApp(env, { asAdmin: true });
  await seedOverHttp(t);
  const head = await appendAdversarial(t);
  if (!(await t.app.get(ReadModelService).waitForPosition(head, 20_000))) {
    throw new Error(`read model did not reach ${head}`);
  }
  return { t, head };
}

/** Every item of the JSON timeline (the reference the exports are compared with). */
export async function timelineItems(
  service: ConsumerService,
  query = '',
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor = '';
  do {
    const page = await service.t.request(
      'GET',
      `/timeline?limit=500&minPosition=${service.head}${query}${cursor && `&cursor=${encodeURIComponent(cursor)}`}`,
    );
    if (page.status !== 200) throw new Error(`timeline: ${page.status} ${page.text}`);
    items.push(...page.body.items);
    cursor = page.body.nextCursor ?? '';
  } while (cursor !== '');
  return items;
}
