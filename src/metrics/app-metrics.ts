import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Projection figures as the read side reports them (decimal strings: positions are bigint). */
export interface ProjectionFigures {
  readonly name: string;
  readonly checkpoint: string;
  readonly lag: string;
  readonly lagSeconds: number;
  readonly state: string;
  readonly rebuild: { readonly progressPercent: number } | null;
}

export const APPEND_OUTCOMES = ['ok', 'conflict', 'error'] as const;
export type AppendOutcome = (typeof APPEND_OUTCOMES)[number];

export type ProjectionFiguresSource = () => Promise<readonly ProjectionFigures[]>;

/**
 * Every Prometheus metric of one application instance. A registry per instance (not prom-client's
 * global one) so several apps in one process — the test suite — do not collide.
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly appends = new Counter({
    name: 'event_store_appends_total',
    help: 'Append calls by outcome: ok, conflict (expected version mismatch) or error',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly appendDuration = new Histogram({
    name: 'event_store_append_duration_seconds',
    help: 'Time from an append call to its durable result, by outcome (as appends_total)',
    labelNames: ['outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly appendedEvents = new Counter({
    name: 'event_store_appended_events_total',
    help: 'Events written by successful appends',
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'event_store_group_commit_batch_size',
    help: 'Appends committed together in one SQLite transaction (group commit)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [this.registry],
  });
  private projectionSource: ProjectionFiguresSource | null = null;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Every outcome is exported from the start, so an alert on errors sees 0, not "no data".
    for (const outcome of APPEND_OUTCOMES) {
      this.appends.inc({ outcome }, 0);
      this.appendDuration.zero({ outcome });
    }
    const source = () => this.projectionSource?.() ?? Promise.resolve([]);
    projectionGauge(
      this.registry,
      'projection_position',
      'Last global position applied',
      source,
      (p) => Number(p.checkpoint),
    );
    projectionGauge(
      this.registry,
      'projection_lag_events',
      'Events the projection is behind the store',
      source,
      (p) => Number(p.lag),
    );
    projectionGauge(
      this.registry,
      'projection_lag_seconds',
      'Seconds the oldest event not yet applied has waited (0 when caught up)',
      source,
      (p) => p.lagSeconds,
    );
    projectionGauge(
      this.registry,
      'projection_failed',
      '1 when the projection stopped on an error',
      source,
      (p) => (p.state === 'failed' ? 1 : 0),
    );
    projectionGauge(
      this.registry,
      'projection_rebuild_progress_percent',
      'Progress of a side-by-side rebuild (absent when none runs)',
      source,
      (p) => p.rebuild?.progressPercent,
    );
  }

  /** Called once the read side is up; until then the projection gauges are simply empty. */
  observeProjections(source: ProjectionFiguresSource): void {
    this.projectionSource = source;
  }
}

/** A gauge labelled by projection whose value is read at scrape time (always current). */
function projectionGauge(
  registry: Registry,
  name: string,
  help: string,
  source: ProjectionFiguresSource,
  value: (figures: ProjectionFigures) => number | undefined,
): void {
  new Gauge({
    name,
    help,
    labelNames: ['projection'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const figures of await source()) {
        const current = value(figures);
        if (current !== undefined) this.set({ projection: figures.name }, current);
      }
    },
  });
}
