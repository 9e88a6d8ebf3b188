import { randomUUID } from 'node:crypto';
import {
  ReadReq,
  ReadResp,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import { readEventMessage, timestampNow } from './protocol-messages';
import { compileFilter, type FlowControlledWriter } from './read-filters';
import { startPosition, type ReadObserver } from './read-handler';
import type { LogEvent, TransactionLog } from './transaction-log';

/**
 * KurrentDB protocol test server — not KurrentDB. A subscription to $all, in the order
 * src/KurrentDB.Core/Services/Transport/Enumerators/Enumerator.AllSubscriptionFiltered.cs sends:
 * confirmation; catch-up events strictly after the start position (a position that is not a
 * record's start is refused as InvalidArgument); a checkpoint (the position of the last
 * considered event) every `max * multiplier` considered events and once more on going live;
 * caught-up; then live events and checkpoints. The call stays open until the client cancels or
 * the connection drops.
 */
export async function subscribeToAll(
  log: TransactionLog,
  options: ReadReq.Options,
  writer: FlowControlledWriter,
  observer: ReadObserver,
): Promise<void> {
  const all = options.getAll() as ReadReq.Options.AllOptions;
  observer.subscriptionStarts.push(all);
  const start = startPosition(log, all);
  const filter = compileFilter(options);
  const confirmation = new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID());
  if (!(await writer.write(new ReadResp().setConfirmation(confirmation)))) return;

  // From a position: events strictly after it. From start: everything, including position 0.
  let next = all.hasPosition() ? log.indexAtOrAfter(start + 1n) : log.indexAtOrAfter(start);
  let considered = 0;
  let lastConsidered: LogEvent | undefined;
  const checkpoint = async (): Promise<boolean> => {
    considered = 0;
    const at = lastConsidered ?? { commit: start, prepare: start };
    const message = new ReadResp.Checkpoint()
      .setCommitPosition(String(at.commit))
      .setPreparePosition(String(at.prepare))
      .setTimestamp(timestampNow());
    observer.checkpointsSent += 1;
    return writer.write(new ReadResp().setCheckpoint(message));
  };
  /** Sends every event written since the last pass; false when the call is gone. */
  const pump = async (): Promise<boolean> => {
    while (next < log.events.length) {
      const event = log.events[next] as LogEvent;
      next += 1;
      lastConsidered = event;
      considered += 1;
      if (filter.matches(event) && !(await writer.write(readEventMessage(event)))) return false;
      if (filter.checkpointInterval > 0 && considered >= filter.checkpointInterval) {
        if (!(await checkpoint())) return false;
      }
    }
    return !writer.isCancelled;
  };

  if (!(await pump())) return;
  if (filter.checkpointInterval > 0 && !(await checkpoint())) return;
  const caughtUp = new ReadResp.CaughtUp().setTimestamp(timestampNow());
  if (!(await writer.write(new ReadResp().setCaughtUp(caughtUp)))) return;

  await new Promise<void>((resolve) => {
    let running = false;
    let again = false;
    const wake = (): void => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      void pump().then((open) => {
        running = false;
        if (!open) return finish();
        if (again) {
          again = false;
          wake();
        }
      });
    };
    const stopListening = log.onWrite(wake);
    const finish = (): void => {
      stopListening();
      resolve();
    };
    writer.onCancel(finish);
    wake();
  });
}
