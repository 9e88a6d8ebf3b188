import type Database from 'better-sqlite3';
import type { Projection, ProjectedRow } from '../../projections';
import type { ProjectionSink } from './projection-sink';
import { ProjectionRunner } from './projection-runner';
import type { EventSource } from './shared-pages';
import type { SlotView } from './slot-view';

/** How one projection's tables are created, dropped and written, per generation. */
export interface ProjectionStorage<Row extends ProjectedRow> {
  readonly projection: Projection<Row>;
  create(db: Database.Database, gen: number): void;
  drop(db: Database.Database, gen: number): void;
  sink(db: Database.Database, gen: number): ProjectionSink<Row>;
  /** Builds indexes deferred until catch-up is done (idempotent). */
  index?(db: Database.Database, gen: number): void;
  /** One bounded step of compacting a generation built from position 0; true while work remains. */
  compact?(db: Database.Database, gen: number): boolean;
  /**
   * What the storage writes beyond the projection's rows (such as how full text is tokenized):
   * a generation written with another revision is rebuilt side by side, like a new version.
   */
  readonly revision?: number;
}

interface GenerationRow {
  gen: number;
  version: number;
  revision: number;
  state: 'active' | 'building' | 'retired';
  checkpoint: bigint;
}

/**
 * One named projection: the active generation that answers queries, and possibly a generation
 * being rebuilt side by side from position 0. When the rebuild reaches the head of the store the
 * two swap in one transaction; the old tables are dropped afterwards.
 */
export class ProjectionSlot<Row extends ProjectedRow> implements SlotView {
  active!: ProjectionRunner<Row>;
  activeGen = 0;
  activeVersion = 0;
  building: ProjectionRunner<Row> | null = null;
  buildingGen = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly store: EventSource,
    private readonly storage: ProjectionStorage<Row>,
    private readonly onCommit: () => void,
    /** Awaited before a swapped-out generation's tables are dropped (readers elsewhere). */
    private readonly beforeForget: (gen: number) => Promise<void> = () => Promise.resolve(),
  ) {}

  get name(): string {
    return this.storage.projection.name;
  }

  private get revision(): number {
    return this.storage.revision ?? 0;
  }

  /** The version of the projection code (what a rebuild produces). */
  get storageVersion(): number {
    return this.storage.projection.version;
  }

  /** Resumes from the stored generations; a changed projection version starts a rebuild. */
  start(): void {
    const rows = this.db
      .prepare(
        'SELECT gen, version, revision, state, checkpoint FROM projection_generations WHERE name = ?',
      )
      .safeIntegers(true)
      .all(this.name) as {
      gen: bigint;
      version: bigint;
      revision: bigint;
      state: GenerationRow['state'];
      checkpoint: bigint;
    }[];
    const gens: GenerationRow[] = rows.map((r) => ({
      ...r,
      gen: Number(r.gen),
      version: Number(r.version),
      revision: Number(r.revision),
    }));
    for (const retired of gens.filter((g) => g.state === 'retired')) this.forget(retired.gen);
    let active = gens.find((g) => g.state === 'active');
    if (!active) {
      active = this.newGeneration('active');
    }
    this.activeGen = active.gen;
    this.activeVersion = active.version;
    this.active = this.runner(active.gen, active.checkpoint, false);
    this.active.start();
    const building = gens.find((g) => g.state === 'building');
    const current = (g: GenerationRow) =>
      g.version === this.storage.projection.version && g.revision === this.revision;
    if (building && current(building)) this.startBuilding(building);
    else {
      if (building) this.forget(building.gen);
      if (!current(active)) this.rebuild();
    }
  }

  /** Starts (or restarts) a side-by-side rebuild from position 0. */
  rebuild(): void {
    if (this.building) {
      void this.building.stop();
      this.forget(this.buildingGen);
      this.building = null;
    }
    this.startBuilding(this.newGeneration('building'));
  }

  async stop(): Promise<void> {
    await Promise.all([this.active.stop(), this.building?.stop()]);
  }

  private startBuilding(gen: GenerationRow): void {
    this.buildingGen = gen.gen;
    this.building = this.runner(gen.gen, gen.checkpoint, true);
    this.building.start();
  }

  private runner(
    gen: number,
    checkpoint: bigint,
    swapWhenCaughtUp: boolean,
  ): ProjectionRunner<Row> {
    this.storage.create(this.db, gen);
    const runner: ProjectionRunner<Row> = new ProjectionRunner({
      db: this.db,
      store: this.store,
      projection: this.storage.projection,
      sink: this.storage.sink(this.db, gen),
      gen,
      checkpoint,
      onCommit: this.onCommit,
      onCaughtUp: async () => {
        this.storage.index?.(this.db, gen);
        // Only a generation built from the start: compacting again at every restart would
        // rewrite what is already compact. Steps with yields, like catch-up itself.
        const compact = checkpoint === 0n ? this.storage.compact : undefined;
        while (compact && runner.state === 'catching-up' && compact(this.db, gen)) {
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (swapWhenCaughtUp && runner.state === 'catching-up') this.swap(runner, gen);
      },
    });
    return runner;
  }

  private swap(runner: ProjectionRunner<Row>, gen: number): void {
    if (this.building !== runner) return;
    const old = this.activeGen;
    const oldRunner = this.active;
    this.db.transaction(() => {
      this.db
        .prepare(`UPDATE projection_generations SET state = 'retired' WHERE name = ? AND gen = ?`)
        .run(this.name, old);
      this.db
        .prepare(`UPDATE projection_generations SET state = 'active' WHERE name = ? AND gen = ?`)
        .run(this.name, gen);
    })();
    this.active = runner;
    this.activeGen = gen;
    this.activeVersion = this.storage.projection.version;
    this.building = null;
    // A retired generation left behind (a shutdown meanwhile) is dropped at the next start.
    void oldRunner
      .stop()
      .then(() => this.beforeForget(old))
      .then(() => {
        if (this.db.open) this.forget(old);
      });
    this.onCommit();
  }

  private newGeneration(state: 'active' | 'building'): GenerationRow {
    const { next } = this.db
      .prepare(
        'SELECT coalesce(max(gen), 0) + 1 AS next FROM projection_generations WHERE name = ?',
      )
      .get(this.name) as { next: number };
    const version = this.storage.projection.version;
    const revision = this.revision;
    this.db
      .prepare(
        'INSERT INTO projection_generations (name, gen, version, revision, state, checkpoint) VALUES (?, ?, ?, ?, ?, 0)',
      )
      .run(this.name, next, version, revision, state);
    return { gen: next, version, revision, state, checkpoint: 0n };
  }

  private forget(gen: number): void {
    this.db.transaction(() => {
      this.storage.drop(this.db, gen);
      this.db
        .prepare('DELETE FROM projection_generations WHERE name = ? AND gen = ?')
        .run(this.name, gen);
    })();
  }
}
