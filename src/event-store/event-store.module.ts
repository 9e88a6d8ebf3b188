import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type DynamicModule,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from './event-store.port';
import { openKurrentDbEventStore } from './kurrentdb/open-kurrentdb';
import { refuseLostHistory } from './sqlite/empty-store-guard';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

/** Optional observer of store internals (metrics); provided by MetricsModule when present. */
export const EVENT_STORE_OBSERVER = Symbol('EVENT_STORE_OBSERVER');
export interface EventStoreObserver {
  /** Appends committed by one SQLite group-commit transaction. */
  onBatch?(size: number): void;
}

/** Builds the configured adapter. Exported so the CLI can open the same store without Nest. */
export async function openEventStore(
  config: AppConfig,
  observer: EventStoreObserver = {},
): Promise<EventStore> {
  switch (config.eventStore) {
    case 'sqlite': {
      if (config.sqlitePath !== ':memory:') {
        mkdirSync(dirname(config.sqlitePath), { recursive: true });
      }
      const store = SqliteEventStore.open({
        path: config.sqlitePath,
        synchronous: config.sqliteSynchronous,
        onBatch: observer.onBatch,
      });
      await refuseLostHistory(store, config);
      return store;
    }
    case 'kurrentdb':
      return openKurrentDbEventStore(config.kurrentdbConnectionString);
  }
}

/**
 * Provides EVENT_STORE globally. The store is closed in onApplicationShutdown, which Nest runs
 * after every module's onModuleDestroy, so projection runners and other users that stop in
 * onModuleDestroy can still finish their last reads/appends before the file is closed.
 */
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  private readonly logger = new Logger(EventStoreModule.name);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        {
          provide: EVENT_STORE,
          useFactory: (observer?: EventStoreObserver) => openEventStore(config, observer),
          inject: [{ token: EVENT_STORE_OBSERVER, optional: true }],
        },
      ],
      exports: [EVENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
    this.logger.log('event store closed');
  }
}
