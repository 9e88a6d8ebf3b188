import type { EventStore, EventToAppend, JsonObject } from '../../src/event-store/event-store.port';

/**
 * A realistic synthetic store for `npm run bench:read`: registered entities, then items with
 * 2-6 entity references, countries, topics and ~1 KB of text; ~10 % of items are later corrected
 * and ~2 % retracted. Deterministic (seeded), so runs are comparable.
 */
export const COUNTRIES = [
  'CN',
  'RU',
  'US',
  'IR',
  'KP',
  'BY',
  'DE',
  'FR',
  'GB',
  'JP',
  'IN',
  'TR',
  'AE',
  'KZ',
  'UA',
];
export const TOPICS = [
  'secondary-sanctions',
  'export-controls',
  'machine-tools',
  'microelectronics',
  'drones',
  'optics',
  'banking',
  'energy',
  'diplomacy',
  'dual-use',
  'shipping',
  'semiconductors',
  'arms-sales',
  'tariffs',
];
const SYLLABLES = 'ka lo mi nu re sa ti vo ban dor fel gan hir jus kem lun mar nos pol rut'.split(
  ' ',
);
/** A 4,000-word vocabulary drawn with a Zipf-like skew, so some words are common and most rare. */
export const WORDS = Array.from({ length: 4000 }, (_, i) => {
  let word = '';
  for (let n = i + 1; n > 0; n = Math.floor(n / SYLLABLES.length))
    word += SYLLABLES[n % SYLLABLES.length];
  return word;
});
const TYPES = [
  'SanctionImposed',
  'SanctionThreatened',
  'ExportControlImposed',
  'LegalInstrumentIssued',
  'DiplomaticEngagementReported',
] as const;
const CONFIDENCE = ['official-record', 'confirmed', 'official-claim', 'reported', 'alleged'];

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Plan {
  readonly entityIds: string[];
  readonly events: number;
}

export function entityId(i: number): string {
  return i < COUNTRIES.length ? `ent:country:${COUNTRIES[i]}` : `ent:company:c${i}`;
}

function text(r: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i += 1) out.push(WORDS[Math.floor(Math.pow(r(), 3) * WORDS.length)]);
  return out.join(' ');
}

function pickSome<T>(r: () => number, from: readonly T[], min: number, max: number, skew = 1): T[] {
  const n = min + Math.floor(r() * (max - min + 1));
  const picked = new Set<T>();
  while (picked.size < n) picked.add(from[Math.floor(Math.pow(r(), skew) * from.length)]);
  return [...picked];
}

function occurred(r: () => number): JsonObject {
  const day = new Date(Date.UTC(2015, 0, 1) + Math.floor(r() * 4000) * 86400000)
    .toISOString()
    .slice(0, 10);
  const roll = r();
  if (roll < 0.8) return { edtf: day, earliest: day, latest: day, precision: 'day' };
  const month = day.slice(0, 7);
  if (roll < 0.95) {
    const last = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 0))
      .toISOString()
      .slice(0, 10);
    return { edtf: month, earliest: `${month}-01`, latest: last, precision: 'month' };
  }
  return {
    edtf: day.slice(0, 4),
    earliest: `${day.slice(0, 4)}-01-01`,
    latest: `${day.slice(0, 4)}-12-31`,
    precision: 'year',
  };
}

export function fact(
  r: () => number,
  type: (typeof TYPES)[number],
  entities: readonly string[],
): JsonObject {
  const refs = pickSome(r, entities, 2, 6, 2.5);
  const cut = 1 + Math.floor(r() * (refs.length - 1));
  const actors = refs.slice(0, cut).map((entityId) => ({ entityId, role: 'actor' }));
  const targets = refs.slice(cut).map((entityId) => ({ entityId, role: 'target' }));
  return {
    headline: text(r, 10),
    summary: text(r, 90),
    occurred: occurred(r),
    actors,
    targets,
    countries: pickSome(r, COUNTRIES, 1, 3, 2),
    topics: pickSome(r, TOPICS, 1, 3, 1.5),
    confidence: CONFIDENCE[Math.floor(r() * CONFIDENCE.length)],
    sources: [
      {
        title: text(r, 6),
        publisher: 'Wire',
        kind: 'news',
        url: 'https://example.org/a',
        publishedOn: '2024-04-12',
        quote: text(r, 14),
      },
    ],
    authority: actors[0],
    sanctionedParties: targets,
    controlledParties: targets,
    threatenedBy: actors,
    addressees: targets,
    issuer: actors[0],
    participants: [],
  };
}

/** Appends `total` events (entities first), `concurrency` appends in flight for group commit. */
export async function generate(
  store: EventStore,
  total: number,
  onProgress: (n: number) => void,
): Promise<void> {
  const r = rng(42);
  const entityCount = Math.max(COUNTRIES.length + 5, Math.min(2000, Math.floor(total / 500)));
  const entities = Array.from({ length: entityCount }, (_, i) => entityId(i));
  const pending: Promise<unknown>[] = [];
  const live: { id: string; type: (typeof TYPES)[number] }[] = [];
  let written = 0;
  const send = async (stream: string, event: EventToAppend) => {
    pending.push(store.append(stream, [event], 'any'));
    written += 1;
    if (pending.length >= 512) {
      await Promise.all(pending.splice(0));
      onProgress(written);
    }
  };
  for (const id of entities) {
    await send(`entity-${id}`, {
      type: 'EntityRegistered',
      data: {
        entityId: id,
        kind: id.startsWith('ent:country') ? 'country' : 'company',
        name: `Name of ${id}`,
        aliases: [id.slice(id.lastIndexOf(':') + 1)],
      },
    });
  }
  let next = 0;
  while (written < total) {
    const roll = r();
    if (roll < 0.09 && live.length > 10) {
      const item = live[Math.floor(r() * live.length)];
      await send(`item-${item.id}`, {
        type: 'ItemCorrected',
        data: {
          kind: 'correction',
          reason: 'figure clarified',
          patch: [],
          factType: item.type,
          factSchemaVersion: 1,
          fact: fact(r, item.type, entities),
        },
      });
    } else if (roll < 0.108 && live.length > 10) {
      const [item] = live.splice(Math.floor(r() * live.length), 1);
      await send(`item-${item.id}`, {
        type: 'ItemRetracted',
        data: { kind: 'duplicate', reason: 'same event', duplicateOf: live[0].id },
      });
    } else {
      const type = TYPES[Math.floor(r() * TYPES.length)];
      const id = `i${(next += 1)}`;
      live.push({ id, type });
      await send(`item-${id}`, { type, data: fact(r, type, entities) });
    }
  }
  await Promise.all(pending);
  onProgress(written);
}
