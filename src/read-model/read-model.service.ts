import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import Database from 'better-sqlite3';
import {
  entityProjection,
  timelineItemProjection,
  type EntityView,
  type TimelineItemView,
} from '../../projections';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { EntitySink } from './entity-sink';
import type { ProjectionFailure, RunnerState } from './projection-runner';
import { ProjectionSlot } from './projection-slot';
import {
  compactTimelineText,
  createEntityTables,
  createTimelineTables,
  dropEntityTables,
  dropTimelineTables,
  indexTimelineTables,
  openReadModelDatabase,
} from './read-model-schema';
import { SharedPages } from './shared-pages';
import { TimelineSink } from './timeline-sink';
import { WalCheckpointer } from '../shared/wal-checkpointer';

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly checkpoint: string;
  readonly head: string;
  readonly lag: string;
  readonly state: RunnerState;
  readonly failure: ProjectionFailure | null;
  readonly rebuild: {
    readonly version: number;
    readonly checkpoint: string;
    readonly progressPercent: number;
    readonly state: RunnerState;
    readonly failure: ProjectionFailure | null;
  } | null;
}

/**
 * Owns the read-model SQLite file and the projections that fill it. Queries read the active
 * generation of each projection; `waitForPosition` gives read-your-writes.
 */
@Injectable()
export class ReadModelService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly db: Database.Database;
  readonly timeline: ProjectionSlot<TimelineItemView>;
  readonly entities: ProjectionSlot<EntityView>;
  private waiters = new Set<{ position: bigint; wake: () => void }>();
  private readonly checkpointer: WalCheckpointer | null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: Pick<AppConfig, 'readModelPath'>,
  ) {
    if (config.readModelPath !== ':memory:')
      mkdirSync(dirname(config.readModelPath), { recursive: true });
    this.db = new Database(config.readModelPath);
    openReadModelDatabase(this.db);
    this.checkpointer = WalCheckpointer.start(this.db);
    const wake = () => this.wakeWaiters();
    const pages = new SharedPages(store);
    this.timeline = new ProjectionSlot(
      this.db,
      pages,
      {
        projection: timelineItemProjection,
        create: createTimelineTables,
        drop: dropTimelineTables,
        index: indexTimelineTables,
        compact: compactTimelineText,
        sink: (db, gen) => new TimelineSink(db, gen),
      },
      wake,
    );
    this.entities = new ProjectionSlot(
      this.db,
      pages,
      {
        projection: entityProjection,
        create: createEntityTables,
        drop: dropEntityTables,
        sink: (db, gen) => new EntitySink(db, gen),
      },
      wake,
    );
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  start(): void {
    this.timeline.start();
    this.entities.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    for (const waiter of this.waiters) waiter.wake();
    await Promise.all([this.timeline.stop(), this.entities.stop()]);
    await this.checkpointer?.stop();
    if (this.db.open) this.db.close();
  }

  /** The position every active projection has reached. */
  position(): bigint {
    const a = this.timeline.active.checkpoint;
    const b = this.entities.active.checkpoint;
    return a < b ? a : b;
  }

  /** Resolves true once every active projection has reached `position`, false after the timeout. */
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.position() >= position) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = {
        position,
        wake: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(this.db.open && this.position() >= position);
        },
      };
      const timer = setTimeout(waiter.wake, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  slot(name: string): ProjectionSlot<TimelineItemView> | ProjectionSlot<EntityView> | undefined {
    return [this.timeline, this.entities].find((s) => s.name === name);
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    return [this.timeline, this.entities].map((slot) => {
      const building = slot.building;
      return {
        name: slot.name,
        version: slot.activeVersion,
        checkpoint: slot.active.checkpoint.toString(),
        head: head.toString(),
        lag: (head > slot.active.checkpoint ? head - slot.active.checkpoint : 0n).toString(),
        state: slot.active.state,
        failure: slot.active.failure,
        rebuild: building
          ? {
              version: slot.storageVersion,
              checkpoint: building.checkpoint.toString(),
              progressPercent:
                head === 0n ? 100 : Number((building.checkpoint * 10000n) / head) / 100,
              state: building.state,
              failure: building.failure,
            }
          : null,
      };
    });
  }

  private wakeWaiters(): void {
    const reached = this.position();
    for (const waiter of this.waiters) if (reached >= waiter.position) waiter.wake();
  }
}
