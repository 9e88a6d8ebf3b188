import type { ServerResponse } from 'node:http';
import type Database from 'better-sqlite3';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiError } from '../http/error-catalogue';
import { AppMetrics } from '../metrics/app-metrics';
import type { RawQuery } from '../read-model/query-params';
import { ReadModelService } from '../read-model/read-model.service';
import { ReadQueries } from '../read-model/read-queries';
import { changedItems, runTimelineQuery } from '../read-model/timeline-query';
import { cutFeedBatch, type FeedBatch } from './feed-batch';
import { FeedSubscriber, type FeedChange } from './feed-subscriber';

/** Changed items read per step; a feed replaying a long history sends it in these steps. */
const STEP = 500;
/** Steps one feed may take per turn before the others (and the event loop) get theirs. */
const STEPS_PER_TURN = 4;

/**
 * GET /timeline/changes: every change of an item that matches a timeline filter, from the read
 * model, in position order. A feed remembers the position it has sent up to; each time the
 * projections move on it reads the item versions begun since (changedItems), cut so that each
 * item changes once per step (cutFeedBatch), and asks the timeline query which of them match,
 * exactly as /timeline would at that position. An item that matched
 * before the change and no longer does is sent as `removed`, so a client's view never keeps it.
 */
@Injectable()
export class ChangeFeed implements OnModuleDestroy {
  private readonly logger = new Logger('ChangeFeed');
  private readonly feeds = new Set<FeedSubscriber>();
  private readonly stopListening: () => void;
  private readonly heartbeat: NodeJS.Timeout;
  private pumping = false;
  private again = false;
  private readonly open: Gauge;
  private readonly sent: Counter;
  private readonly disconnects: Counter<'reason'>;

  constructor(
    private readonly readModel: ReadModelService,
    private readonly queries: ReadQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: AppMetrics,
  ) {
    const registers = [metrics.registry];
    this.open = new Gauge({ name: 'feed_subscribers', help: 'Open change feeds', registers });
    this.sent = new Counter({
      name: 'feed_events_sent_total',
      help: 'Change events written to feeds',
      registers,
    });
    this.disconnects = new Counter({
      name: 'feed_disconnects_total',
      help: 'Feeds ended, by reason: client, slow (its buffer filled), shutdown',
      labelNames: ['reason'] as const,
      registers,
    });
    for (const reason of ['client', 'slow', 'shutdown']) this.disconnects.inc({ reason }, 0);
    this.stopListening = readModel.onAdvance(() => this.schedule());
    this.heartbeat = setInterval(() => {
      for (const feed of this.feeds) feed.heartbeat();
    }, config.feedHeartbeatMs).unref();
  }

  /**
   * Checks the request (a bad filter is a 400 before any byte of the stream), then opens the
   * feed on `response` and replays what came after `after`, if given.
   */
  subscribe(query: RawQuery, after: bigint | undefined, response: () => ServerResponse): void {
    const filter = this.queries.filter(query, undefined, { topicsYetUnused: true });
    if (this.feeds.size >= this.config.feedMaxSubscribers) {
      throw new ApiError('TOO_MANY_FEEDS', `${this.feeds.size} feeds are open, the most allowed`, {
        headers: { 'retry-after': '30' },
      });
    }
    const start = after ?? this.readModel.position();
    const raw = response();
    // setHeader, not writeHead's object: shutdown reads the content type to tell a feed apart.
    raw.setHeader('content-type', 'text/event-stream; charset=utf-8');
    raw.setHeader('cache-control', 'no-cache');
    raw.setHeader('connection', 'keep-alive');
    raw.setHeader('x-accel-buffering', 'no');
    raw.writeHead(200);
    raw.write(`retry: 2000\n: feed from position ${start}\n\n`);
    const feed = new FeedSubscriber(
      filter,
      start,
      raw,
      this.config.feedClientBufferBytes,
      (reason) => {
        this.feeds.delete(feed);
        this.open.set(this.feeds.size);
        const label = reason.startsWith('too slow')
          ? 'slow'
          : reason === 'shutdown'
            ? 'shutdown'
            : 'client';
        this.disconnects.inc({ reason: label });
      },
    );
    this.feeds.add(feed);
    this.open.set(this.feeds.size);
    this.schedule();
  }

  onModuleDestroy(): void {
    this.stopListening();
    clearInterval(this.heartbeat);
    for (const feed of [...this.feeds]) feed.end('shutdown');
  }

  private schedule(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    setImmediate(() => this.pump());
  }

  private pump(): void {
    let behind = false;
    try {
      // Feeds at the same position read the same changes: once per pump, whatever their filters.
      const batches = new Map<string, FeedBatch>();
      for (const feed of [...this.feeds]) if (this.advance(feed, batches)) behind = true;
    } catch (error) {
      // The read model may be swapping generations or closing; the next advance retries.
      this.logger.warn(`feeds paused: ${(error as Error).message}`);
    }
    this.pumping = false;
    if (behind || this.again) {
      this.again = false;
      this.schedule();
    }
  }

  /** Sends a feed what changed since its position; true if it is still behind after its turn. */
  private advance(feed: FeedSubscriber, batches: Map<string, FeedBatch>): boolean {
    for (let step = 0; step < STEPS_PER_TURN && feed.isOpen; step++) {
      const head = this.readModel.position();
      if (feed.sent >= head) return false;
      const gen = this.readModel.timeline.activeGen;
      const db = this.readModel.db;
      const key = `${gen}:${feed.sent}:${head}`;
      let batch = batches.get(key);
      if (!batch) {
        batch = nextBatch(db, gen, feed.sent, head);
        batches.set(key, batch);
      }
      const { upTo } = batch;
      const ids = batch.changes.map((c) => c.itemId);
      const ask = (at: bigint) =>
        ids.length === 0
          ? []
          : runTimelineQuery(db, gen, {
              ...feed.filter,
              includeRetracted: true,
              order: 'asc',
              after: null,
              limit: ids.length,
              onlyItems: ids,
              at,
            }).items;
      const now = new Map(ask(upTo).map((item) => [item.itemId, item]));
      const before = new Set(ask(feed.sent).map((item) => item.itemId));
      const changes: FeedChange[] = [];
      for (const { itemId, position } of batch.changes) {
        const item = now.get(itemId);
        if (item) changes.push({ position, itemId, item, kind: kindOf(item, position) });
        else if (before.has(itemId))
          changes.push({ position, itemId, item: null, kind: 'removed' });
      }
      if (!feed.send(changes)) return false;
      this.sent.inc(changes.length);
      feed.sent = upTo;
    }
    return feed.isOpen && feed.sent < this.readModel.position();
  }
}

/** The changes after `sent` that one step sends (each item once), and the position they reach. */
function nextBatch(db: Database.Database, gen: number, sent: bigint, head: bigint): FeedBatch {
  const rows = changedItems(db, gen, sent, head, STEP);
  const batch = cutFeedBatch(rows, head, rows.length === STEP);
  if (batch.readWhole === undefined) return batch;
  // More than a step's worth of items changed at one position: that position goes whole.
  return cutFeedBatch(changedItems(db, gen, sent, batch.readWhole, -1), batch.readWhole, false);
}

function kindOf(
  item: { status: string; firstPosition: string },
  position: bigint,
): FeedChange['kind'] {
  if (item.status === 'retracted') return 'retracted';
  return BigInt(item.firstPosition) === position ? 'recorded' : 'corrected';
}
