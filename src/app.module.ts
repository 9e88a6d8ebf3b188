import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AuditModule } from './audit/audit.module';
import { MerkleModule } from './audit/merkle/merkle.module';
import { AuthModule } from './auth/auth.module';
import { APP_CONFIG, type AppConfig } from './config/app-config';
import { EventStoreModule } from './event-store/event-store.module';
import { FeedsModule } from './feeds/feeds.module';
import { HealthModule } from './health/health.module';
import { ImportModule } from './import/import.module';
import { SeedOnStart } from './import/seed-on-start';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { ReadModelModule } from './read-model/read-model.module';
import { WebModule } from './web/web.module';
import { WriteModule } from './write.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        LoggingModule.forRoot(config),
        CqrsModule.forRoot(),
        EventStoreModule.forRoot(config),
        AuthModule,
        MetricsModule,
        HealthModule,
        WriteModule,
        ReadModelModule,
        FeedsModule,
        WebModule,
        AuditModule,
        MerkleModule,
        ImportModule,
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }, SeedOnStart],
      exports: [APP_CONFIG],
    };
  }
}
