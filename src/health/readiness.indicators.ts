import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port';
import { ProjectionStatusReader } from '../metrics/projection-status';
import type { ProjectionStatus } from '../read-model/read-model.service';

/** The two things that must hold before this instance should receive traffic. */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly projections: ProjectionStatusReader,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'readyMaxLagEvents'>,
  ) {}

  async eventStore(): Promise<HealthIndicatorResult<'eventStore'>> {
    const session = this.indicators.check('eventStore');
    try {
      await this.store.ping();
      return session.up();
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }

  /** Down when any projection has failed (it never skips) or lags more than the setting allows. */
  async projectionsHealthy(): Promise<HealthIndicatorResult<'projections'>> {
    const session = this.indicators.check('projections');
    let statuses;
    try {
      statuses = await this.projections.status();
    } catch (error) {
      // The status needs the store's head; when that fails, so does readiness (not a 500).
      return session.down({ message: (error as Error).message });
    }
    const problems = projectionProblems(statuses, this.config.readyMaxLagEvents);
    return problems.length === 0 ? session.up() : session.down({ problems });
  }
}

/** Why the projections make this instance unready; empty when they are fine. */
export function projectionProblems(
  statuses: readonly Pick<ProjectionStatus, 'name' | 'state' | 'failure' | 'lag'>[],
  maxLagEvents: number,
): string[] {
  const limit = BigInt(maxLagEvents);
  return statuses.flatMap((p) => {
    if (p.state === 'failed' || p.failure) {
      const where = p.failure ? ` at position ${p.failure.position}: ${p.failure.error}` : '';
      return [`${p.name} failed${where}`];
    }
    if (BigInt(p.lag) > limit) return [`${p.name} lags ${p.lag} events (limit ${limit})`];
    return [];
  });
}
