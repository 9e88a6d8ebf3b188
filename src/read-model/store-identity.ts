import type { LoggerService } from '@nestjs/common';
import type Database from 'better-sqlite3';
import type { EventStore } from '../event-store/event-store.port';
import { resetReadModel } from './read-model-schema';

/** The event a projection's checkpoint points at, saved with the checkpoint. */
export interface CheckpointEvent {
  readonly stream: string;
  readonly version: number;
  readonly hash: string;
}

interface GenerationAnchor {
  readonly name: string;
  readonly gen: number;
  readonly checkpoint: bigint;
  readonly checkpoint_event: string | null;
}

/**
 * Whether every projection generation in the read-model file was built from this event store:
 * the event at each checkpoint must be in the store, at that position, with the same hash. A
 * file that fails was built from another log (READ_MODEL_PATH shared between stores), or from
 * events the store no longer has (restored from an older backup); its checkpoints would then
 * skip events the store does have, and it would answer with items the store does not. Returns
 * why it fails, or null when it matches.
 */
export async function readModelMismatch(
  db: Database.Database,
  store: EventStore,
): Promise<string | null> {
  const generations = db
    .prepare(
      `SELECT name, gen, checkpoint, checkpoint_event FROM projection_generations
       WHERE checkpoint > 0 AND state != 'retired'`,
    )
    .safeIntegers(true)
    .all() as GenerationAnchor[];
  const head = await store.headPosition();
  for (const generation of generations) {
    const where = `${generation.name} (generation ${generation.gen}) is at position ${generation.checkpoint}`;
    if (generation.checkpoint > head) return `${where}, beyond the event store's head ${head}`;
    // Written before checkpoints named their event: the position check above is all there is.
    if (generation.checkpoint_event === null) continue;
    const anchor = JSON.parse(generation.checkpoint_event) as CheckpointEvent;
    const [event] = await store.readStream(anchor.stream, { from: anchor.version, limit: 1 });
    if (
      event?.version !== anchor.version ||
      event.position !== generation.checkpoint ||
      event.hash !== anchor.hash
    ) {
      return `${where}, but the event store has no event ${anchor.stream}@${anchor.version} with hash ${anchor.hash.slice(0, 12)}… there`;
    }
  }
  return null;
}

/**
 * Empties a read-model file that was not built from `store` (see readModelMismatch), so every
 * projection rebuilds from position 0. An unreachable store is left to the runners to report
 * (failed, readiness 503) rather than failing the start.
 */
export async function resetIfNotOfStore(
  db: Database.Database,
  store: EventStore,
  path: string,
  logger: LoggerService,
): Promise<void> {
  let mismatch: string | null;
  try {
    mismatch = await readModelMismatch(db, store);
  } catch (error) {
    logger.warn(`could not check the read model ${path} against the event store: ${String(error)}`);
    return;
  }
  if (mismatch === null) return;
  logger.warn(
    `the read model ${path} was not built from this event store: ${mismatch}; rebuilding it from position 0`,
  );
  resetReadModel(db);
}
