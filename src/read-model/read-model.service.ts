import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import Database from 'better-sqlite3';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { WalCheckpointer } from '../shared/wal-checkpointer';
import { localProjections, type LocalProjections } from './local-projections';
import type { ProjectionFailure, RunnerState } from './projection-runner';
import { ProjectionThread } from './projection-thread';
import { openReadModelFile } from './read-model-file';
import type { SlotView } from './slot-view';
import { resetIfNotOfStore } from './store-identity';

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly checkpoint: string;
  readonly head: string;
  readonly lag: string;
  /** How long the oldest event not yet applied has waited (0 when caught up). */
  readonly lagSeconds: number;
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

/** What the service needs of the configuration (the whole of it to run a projection thread). */
export type ReadModelConfig = Pick<AppConfig, 'readModelPath'> & Partial<AppConfig>;

/** Observers of the projections (the projection thread reports through them). */
export interface ReadModelHooks {
  /** After every committed batch and generation swap. */
  onChange?(): void;
  /** Awaited before a swapped-out generation's tables are dropped. */
  beforeForget?(gen: number): Promise<void>;
}

/**
 * Owns the read-model SQLite file and the projections that fill it. Queries read the active
 * generation of each projection; `waitForPosition` gives read-your-writes. With
 * `projectionThread` (the service's default) the projections run on a ProjectionThread and this
 * thread only reads the file; otherwise (the CLI, in-memory files) they run here.
 */
@Injectable()
export class ReadModelService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly timeline: SlotView;
  readonly entities: SlotView;
  private database: Database.Database | null = null;
  private readonly thread: ProjectionThread | null = null;
  private hooks: ReadModelHooks = {};
  private waiters = new Set<{ position: bigint; wake: () => void }>();
  private readonly advanceListeners = new Set<() => void>();
  private checkpointer: WalCheckpointer | null = null;
  private local: LocalProjections | null = null;
  private readonly logger = new Logger(ReadModelService.name);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: ReadModelConfig,
  ) {
    const memory = (path: string | undefined) => path === ':memory:';
    const threaded =
      config.projectionThread === true &&
      !memory(config.readModelPath) &&
      !(config.eventStore === 'sqlite' && memory(config.sqlitePath));
    if (threaded) {
      this.thread = new ProjectionThread(config as AppConfig, () => this.wakeWaiters());
      this.timeline = this.thread.timeline;
      this.entities = this.thread.entities;
      return;
    }
    if (!memory(config.readModelPath))
      mkdirSync(dirname(config.readModelPath), { recursive: true });
    const db = openReadModelFile(config.readModelPath, this.logger);
    this.database = db;
    this.checkpointer = WalCheckpointer.start(db);
    const local = localProjections(
      db,
      store,
      () => {
        this.wakeWaiters();
        this.hooks.onChange?.();
      },
      (gen) => this.hooks.beforeForget?.(gen) ?? Promise.resolve(),
    );
    this.timeline = local.timeline;
    this.entities = local.entities;
    this.local = local;
  }

  /** The read-model connection queries use (read-only when a projection thread writes). */
  get db(): Database.Database {
    if (!this.database)
      throw new Error('the read model is not open yet (projection thread starting)');
    return this.database;
  }

  observe(hooks: ReadModelHooks): void {
    this.hooks = hooks;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
    if (this.thread) {
      await this.thread.ready;
      // The thread has the file in its current layout (it may have reset it) before this opens.
      const reader = new Database(this.config.readModelPath, {
        readonly: true,
        fileMustExist: true,
      });
      reader.pragma('cache_size = -32768');
      this.database = reader;
    }
  }

  /**
   * Starts the projections (the thread starts them itself), after checking that the file was
   * built from this event store; one that was not is emptied and rebuilt from position 0.
   */
  async start(): Promise<void> {
    if (!this.local || !this.database) return;
    await resetIfNotOfStore(this.database, this.store, this.config.readModelPath, this.logger);
    this.local.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    for (const waiter of this.waiters) waiter.wake();
    await this.local?.stop();
    await this.thread?.stop();
    await this.checkpointer?.stop();
    if (this.database?.open) this.database.close();
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
          resolve(this.database?.open !== false && this.position() >= position);
        },
      };
      const timer = setTimeout(waiter.wake, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  slot(name: string): SlotView | undefined {
    return [this.timeline, this.entities].find((s) => s.name === name);
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.store.headPosition();
    const slots = [this.timeline, this.entities];
    // Both projections are usually at the same checkpoint: one read of the event after it.
    const byCheckpoint = new Map<bigint, Promise<number>>();
    const waited = await Promise.all(
      slots.map(({ active: { checkpoint } }) => {
        if (!byCheckpoint.has(checkpoint))
          byCheckpoint.set(checkpoint, this.secondsWaited(checkpoint, head));
        return byCheckpoint.get(checkpoint)!;
      }),
    );
    return slots.map((slot, index) => {
      const building = slot.building;
      return {
        name: slot.name,
        version: slot.activeVersion,
        checkpoint: slot.active.checkpoint.toString(),
        head: head.toString(),
        lag: (head > slot.active.checkpoint ? head - slot.active.checkpoint : 0n).toString(),
        lagSeconds: waited[index],
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

  /**
   * Seconds since the first event after `checkpoint` was recorded: what an alert on a stale view
   * wants (a count of events says nothing about how old the view is when writes are rare).
   */
  private async secondsWaited(checkpoint: bigint, head: bigint): Promise<number> {
    if (checkpoint >= head) return 0;
    const [next] = await this.store.readAll({ after: checkpoint, limit: 1 });
    if (!next) return 0;
    return Math.max(0, (Date.now() - Date.parse(next.metadata.recordedAt)) / 1000);
  }

  /** Calls `listener` whenever the projections may have moved on; returns the unsubscribe. */
  onAdvance(listener: () => void): () => void {
    this.advanceListeners.add(listener);
    return () => this.advanceListeners.delete(listener);
  }

  private wakeWaiters(): void {
    for (const listener of this.advanceListeners) listener();
    const reached = this.position();
    for (const waiter of this.waiters) if (reached >= waiter.position) waiter.wake();
  }
}
