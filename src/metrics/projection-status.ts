import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ReadModelService, type ProjectionStatus } from '../read-model/read-model.service';

/**
 * Projection status for readiness and metrics. Looked up (not injected) so ops keeps working in
 * an app without the read side, e.g. a write-only deployment; then there is nothing to report.
 */
@Injectable()
export class ProjectionStatusReader implements OnModuleInit {
  private readModel: ReadModelService | null = null;

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    try {
      this.readModel = this.moduleRef.get(ReadModelService, { strict: false });
    } catch {
      this.readModel = null;
    }
  }

  status(): Promise<readonly ProjectionStatus[]> {
    return this.readModel ? this.readModel.status() : Promise.resolve([]);
  }
}
