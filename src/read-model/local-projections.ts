import type Database from 'better-sqlite3';
import { entityProjection, timelineItemProjection } from '../../projections';
import type { EventStore } from '../event-store/event-store.port';
import { EntitySink } from './entity-sink';
import { ProjectionSlot } from './projection-slot';
import {
  compactTimelineText,
  createEntityTables,
  createTimelineTables,
  dropEntityTables,
  dropTimelineTables,
  indexTimelineTables,
  TIMELINE_TEXT_REVISION,
} from './read-model-schema';
import { SharedPages } from './shared-pages';
import type { SlotView } from './slot-view';
import { TimelineSink } from './timeline-sink';

export interface LocalProjections {
  readonly timeline: SlotView;
  readonly entities: SlotView;
  start(): void;
  stop(): Promise<void>;
}

/**
 * The two projections run on this thread into `db` (the projection thread's case, the CLI's,
 * and the service's with PROJECTION_THREAD=false). They share the store's pages while both
 * catch up.
 */
export function localProjections(
  db: Database.Database,
  store: EventStore,
  onCommit: () => void,
  beforeForget: (gen: number) => Promise<void>,
): LocalProjections {
  const pages = new SharedPages(store);
  const timeline = new ProjectionSlot(
    db,
    pages,
    {
      projection: timelineItemProjection,
      create: createTimelineTables,
      drop: dropTimelineTables,
      index: indexTimelineTables,
      compact: compactTimelineText,
      revision: TIMELINE_TEXT_REVISION,
      sink: (db, gen) => new TimelineSink(db, gen),
    },
    onCommit,
    beforeForget,
  );
  const entities = new ProjectionSlot(
    db,
    pages,
    {
      projection: entityProjection,
      create: createEntityTables,
      drop: dropEntityTables,
      sink: (db, gen) => new EntitySink(db, gen),
    },
    onCommit,
    beforeForget,
  );
  return {
    timeline,
    entities,
    start() {
      timeline.start();
      entities.start();
    },
    async stop() {
      await Promise.all([timeline.stop(), entities.stop()]);
    },
  };
}
