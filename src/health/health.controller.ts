import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { ApiError } from '../http/error-catalogue';
import { RouteDoc } from '../openapi/route-doc';
import { json } from '../openapi/route-responses';
import { ReadinessIndicators } from './readiness.indicators';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicators,
  ) {}

  /** The process answers: restart it if not. Deliberately checks nothing else. */
  @Get('live')
  @RouteDoc({
    tag: 'ops',
    summary: 'Liveness: the process answers',
    success: { status: 200, content: json('Health') },
    errors: [],
  })
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Send traffic here only if the store answers and no projection failed or lags too far. */
  @Get('ready')
  @RouteDoc({
    tag: 'ops',
    summary: 'Readiness: store reachable, projections healthy and caught up',
    success: { status: 200, content: json('Health') },
    errors: [],
  })
  @HealthCheck()
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.readiness.eventStore(),
        () => this.readiness.projectionsHealthy(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const failing = Object.keys(result.error ?? {}).join(', ');
      throw new ApiError('NOT_READY', `not ready: ${failing}`, {
        headers: { 'Retry-After': '5' },
        checks: result.details,
      });
    }
  }
}
