import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CURRENT_SCHEMA_VERSION, isEventType } from '../../events';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port';
import { ReadModelService } from '../../src/read-model/read-model.service';
import { assertDocumented, contractOf, headersOf } from '../support/documented-answers';
import type { ResponseContract } from '../support/response-contract';

const ADMIN_KEY = 'read-side-admin-key-0123456789abcdef';
const AUTH = { authorization: `Bearer ${ADMIN_KEY}` };

/** A real app on temporary SQLite files; events are appended straight through the store port. */
export class ReadSideApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly store: EventStore,
    readonly readModel: ReadModelService,
    private readonly dir: string,
    private readonly contract: ResponseContract = contractOf(app),
  ) {}

  static async start(env: Record<string, string> = {}): Promise<ReadSideApp> {
    const dir = mkdtempSync(join(tmpdir(), 'read-side-'));
    const config = loadConfig({
      DATA_DIR: dir,
      MIN_POSITION_WAIT_MS: '300',
      LOG_LEVEL: 'silent',
      API_KEYS: `read-side-tests:admin:${createHash('sha256').update(ADMIN_KEY).digest('hex')}`,
      ...env,
    });
    const app = await createApp(config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return new ReadSideApp(app, app.get(EVENT_STORE), app.get(ReadModelService), dir);
  }

  async stop(): Promise<void> {
    await this.app.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Appends one event and waits until the read model has it; returns its position. */
  async append(stream: string, type: string, data: Record<string, unknown>): Promise<bigint> {
    const schemaVersion = isEventType(type) ? CURRENT_SCHEMA_VERSION[type] : 1;
    const result = await this.store.append(
      stream,
      [{ type, schemaVersion, data: data as never }],
      'any',
    );
    await this.settle(result.position);
    return result.position;
  }

  async settle(position: bigint): Promise<void> {
    if (!(await this.readModel.waitForPosition(position, 10_000))) {
      throw new Error(`read model did not reach ${position}`);
    }
  }

  async get(
    url: string,
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, unknown> }> {
    const res = await this.app.inject({ method: 'GET', url, headers: AUTH });
    this.assertDocumented('GET', url, res);
    return { status: res.statusCode, body: res.json(), headers: res.headers };
  }

  async post(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await this.app.inject({ method: 'POST', url, headers: AUTH });
    this.assertDocumented('POST', url, res);
    return { status: res.statusCode, body: res.json() };
  }

  /** Like the shared test helper, every answer must be one the OpenAPI document describes. */
  private assertDocumented(
    method: string,
    url: string,
    res: { statusCode: number; headers: Record<string, unknown>; body: string },
  ): void {
    assertDocumented(this.contract, method, url, {
      status: res.statusCode,
      headers: headersOf(res.headers),
      text: res.body,
    });
  }

  async registerEntity(entityId: string, name: string, aliases: string[] = []): Promise<bigint> {
    return this.append(`entity-${entityId}`, 'EntityRegistered', {
      entityId,
      kind: 'country',
      name,
      aliases,
    });
  }
}

const ref = (entityId: string, role: string) => ({ entityId, role });

/** A fact with the fields the read side looks at; dates as [earliest, latest]. */
export function fact(options: {
  headline: string;
  days: [string | null, string | null];
  actors?: string[];
  targets?: string[];
  countries?: string[];
  topics?: string[];
  confidence?: string;
  quote?: string;
}): Record<string, unknown> {
  const actors = (options.actors ?? []).map((id) => ref(id, 'actor'));
  const targets = (options.targets ?? []).map((id) => ref(id, 'target'));
  // Through JSON so that absent references (no actors, no targets) are left out, not undefined.
  return JSON.parse(
    JSON.stringify({
      // The type-specific references of every fact type, mirroring actors and targets, so one
      // builder serves all types without adding entities the filters would then find.
      authority: actors[0],
      sanctionedParties: targets,
      threatenedBy: actors,
      addressees: targets,
      issuer: actors[0],
      participants: [],
      statistic: {
        partner: actors[0],
        reporter: targets[0],
        statedBy: actors[0],
        observations: [],
      },
      headline: options.headline,
      summary: `${options.headline}, summarised.`,
      occurred: { edtf: 'x', earliest: options.days[0], latest: options.days[1], precision: 'day' },
      actors,
      targets,
      countries: options.countries ?? [],
      topics: options.topics ?? [],
      confidence: options.confidence ?? 'reported',
      sources: [
        {
          title: 't',
          publisher: 'p',
          kind: 'news',
          url: 'https://example.org',
          publishedOn: '2024-04-12',
          quote: options.quote ?? '',
        },
      ],
    }),
  );
}

export function correction(
  newFact: Record<string, unknown>,
  factType: 'TradeStatisticReported' | 'SanctionImposed',
  kind = 'update',
): Record<string, unknown> {
  const factSchemaVersion = CURRENT_SCHEMA_VERSION[factType];
  return {
    kind,
    reason: 'the world moved on',
    patch: [],
    factType,
    factSchemaVersion,
    fact: newFact,
  };
}
