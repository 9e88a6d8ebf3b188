import type { SingleBar } from 'cli-progress';
import type { EventStore } from '../event-store/event-store.port';
import type { ReadModelService } from '../read-model/read-model.service';

/** A projection that failed: the CLI reports it (exit 1) instead of answering from stale rows. */
export class ProjectionFailedError extends Error {}

/**
 * Waits until every active projection of this process's read model has reached `head`, moving
 * the bar as the checkpoint advances. Gives up only on a failed projection, never on a clock.
 */
export async function catchUp(
  readModel: ReadModelService,
  store: EventStore,
  bar: SingleBar,
): Promise<void> {
  const head = await store.headPosition();
  bar.start(Number(head), Number(readModel.position()));
  try {
    while (!(await readModel.waitForPosition(head, 500))) {
      const failed = (await readModel.status()).find((s) => s.state === 'failed');
      if (failed) {
        throw new ProjectionFailedError(
          `projection ${failed.name} failed: ${JSON.stringify(failed.failure)}`,
        );
      }
      bar.update(Number(readModel.position()));
    }
    bar.update(Number(head));
  } finally {
    bar.stop();
  }
}
