import { Controller, Get, Global, Header, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { EVENT_STORE_OBSERVER, type EventStoreObserver } from '../event-store/event-store.module';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { AppMetrics } from './app-metrics';
import { observeAppends } from './observe-store';
import { ProjectionStatusReader } from './projection-status';

@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: AppMetrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}

/** Prometheus metrics at /metrics; global so the read side can report projection figures. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    { provide: AppMetrics, useFactory: () => new AppMetrics() },
    {
      provide: EVENT_STORE_OBSERVER,
      useFactory: (metrics: AppMetrics): EventStoreObserver => ({
        onBatch: (size) => metrics.batchSize.observe(size),
      }),
      inject: [AppMetrics],
    },
    ProjectionStatusReader,
  ],
  exports: [AppMetrics, EVENT_STORE_OBSERVER, ProjectionStatusReader],
})
export class MetricsModule implements OnModuleInit {
  constructor(
    private readonly metrics: AppMetrics,
    private readonly projections: ProjectionStatusReader,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    observeAppends(this.store, this.metrics);
    this.metrics.observeProjections(() => this.projections.status());
  }
}
