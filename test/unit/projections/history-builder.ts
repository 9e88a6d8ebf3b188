import type { ProjectionEvent } from '../../../projections';

/** Builds event histories for projection tests: positions and stream versions assigned in order. */
export class HistoryBuilder {
  readonly events: ProjectionEvent[] = [];
  private readonly versions = new Map<string, number>();

  private push(stream: string, type: string, data: Record<string, unknown>): ProjectionEvent {
    const version = (this.versions.get(stream) ?? 0) + 1;
    this.versions.set(stream, version);
    const position = BigInt(this.events.length + 1);
    const recordedAt = new Date(Date.UTC(2024, 0, 1) + this.events.length * 1000).toISOString();
    const event: ProjectionEvent = { position, stream, version, type, data, recordedAt };
    this.events.push(event);
    return event;
  }

  open(
    itemId: string,
    overrides: Record<string, unknown> = {},
    type = 'SanctionImposed',
  ): ProjectionEvent {
    return this.push(`item-${itemId}`, type, factData(overrides));
  }

  correct(itemId: string, overrides: Record<string, unknown>): ProjectionEvent {
    return this.push(`item-${itemId}`, 'ItemCorrected', {
      kind: 'correction',
      reason: 'test correction',
      patch: [],
      factType: 'SanctionImposed',
      factSchemaVersion: 1,
      fact: factData(overrides),
    });
  }

  retract(itemId: string, duplicateOf?: string): ProjectionEvent {
    return this.push(`item-${itemId}`, 'ItemRetracted', {
      kind: duplicateOf ? 'duplicate' : 'erroneous',
      reason: duplicateOf ? `duplicate of ${duplicateOf}` : 'wrong',
      ...(duplicateOf ? { duplicateOf } : {}),
    });
  }

  register(
    entityId: string,
    name: string,
    aliases: string[] = [],
    weakAliases: string[] = [],
  ): ProjectionEvent {
    return this.push(`entity-${entityId}`, 'EntityRegistered', {
      entityId,
      kind: 'country',
      name,
      aliases,
      weakAliases,
    });
  }

  alias(entityId: string, alias: string, weak = false): ProjectionEvent {
    return this.push(`entity-${entityId}`, 'EntityAliasAdded', { alias, weak });
  }

  raw(stream: string, type: string, data: Record<string, unknown>): ProjectionEvent {
    return this.push(stream, type, data);
  }
}

export function factData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    headline: 'US sanctions Chinese banks',
    summary: 'Treasury blocks two banks for supporting Russia.',
    occurred: {
      edtf: '2024-04-12',
      earliest: '2024-04-12',
      latest: '2024-04-12',
      precision: 'day',
    },
    actors: [{ entityId: 'ent:country:US', role: 'issuer' }],
    targets: [{ entityId: 'ent:country:CN', role: 'target' }],
    authority: { entityId: 'ent:country:US', role: 'issuer' },
    sanctionedParties: [{ entityId: 'ent:country:CN', role: 'target' }],
    countries: ['US', 'CN'],
    topics: ['secondary-sanctions'],
    confidence: 'official-record',
    sources: [
      {
        title: 'Press release',
        publisher: 'US Treasury',
        kind: 'primary-official',
        url: 'https://home.treasury.gov/x',
        publishedOn: '2024-04-12',
        quote: 'blocking property of banks',
      },
    ],
    ...overrides,
  };
}
