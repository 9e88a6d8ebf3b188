import { parentPort, workerData } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import type { EventStore } from '../event-store/event-store.port';
import { openEventStore } from '../event-store/event-store.module';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store';
import type { FromProjectionThread, ThreadLogLevel, ToProjectionThread } from './projection-thread';
import { ReadModelService } from './read-model.service';
import { snapshotOf } from './slot-view';

/**
 * The projection thread (see ProjectionThread): the projections of ReadModelService as they run
 * in a single-threaded process, on their own connections to the event store and the read model.
 */

/** Commits by the request thread reach this connection by PRAGMA data_version; look often. */
const STORE_POLL_MS = 2;
/** Runner state changes without a commit (caught up, failed) are posted at least this often. */
const SNAPSHOT_EVERY_MS = 250;

/** Nest's Logger, as used by the code on this thread, posting each line to the request thread. */
function logThroughRequestThread(post: (message: FromProjectionThread) => void): void {
  const line = (level: ThreadLogLevel) => (message: unknown, context?: unknown) =>
    post({
      type: 'log',
      level,
      message: String(message),
      context: typeof context === 'string' ? context : undefined,
    });
  Logger.overrideLogger({
    log: line('log'),
    warn: line('warn'),
    error: line('error'),
    debug: () => undefined,
    verbose: () => undefined,
  });
}

async function run(config: AppConfig): Promise<void> {
  const port = parentPort!;
  logThroughRequestThread((message) => port.postMessage(message));
  const store: EventStore =
    config.eventStore === 'sqlite'
      ? SqliteEventStore.open({
          path: config.sqlitePath,
          synchronous: config.sqliteSynchronous,
          crossProcessPollMs: STORE_POLL_MS,
          checkpoints: false,
        })
      : await openEventStore(config);
  const service = new ReadModelService(store, { ...config, projectionThread: false });
  let seq = 0;
  let handled = 0;
  let acked = 0;
  const acks: { seq: number; resolve: () => void }[] = [];
  const post = (message: FromProjectionThread) => port.postMessage(message);
  const snapshot = () => {
    seq += 1;
    post({
      type: 'snapshot',
      seq,
      handled,
      slots: [snapshotOf(service.timeline), snapshotOf(service.entities)],
    });
    return seq;
  };
  let scheduled = false;
  service.observe({
    // One snapshot for the commits of one turn of the event loop.
    onChange: () => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        snapshot();
      });
    },
    // A swapped-out generation is dropped once the request thread has seen the swap.
    beforeForget: () => {
      const target = snapshot();
      if (acked >= target) return Promise.resolve();
      return new Promise<void>((resolve) => acks.push({ seq: target, resolve }));
    },
  });
  await service.start();
  snapshot();
  const timer = setInterval(snapshot, SNAPSHOT_EVERY_MS);
  port.on('message', (message: ToProjectionThread) => {
    if (message.type === 'ack') {
      acked = Math.max(acked, message.seq);
      for (const waiter of acks.filter((a) => a.seq <= acked)) {
        acks.splice(acks.indexOf(waiter), 1);
        waiter.resolve();
      }
    } else if (message.type === 'rebuild') {
      service.slot(message.name)?.rebuild();
      handled += 1;
      snapshot();
    } else {
      clearInterval(timer);
      for (const waiter of acks.splice(0)) waiter.resolve();
      void service
        .close()
        .then(() => store.close())
        .then(() => {
          post({ type: 'stopped' });
          port.close();
        });
    }
  });
}

void run((workerData as { config: AppConfig }).config);
