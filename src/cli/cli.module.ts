import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EventStoreModule } from '../event-store/event-store.module';
import { ImportModule } from '../import/import.module';
import { ReadModelModule } from '../read-model/read-model.module';
import { WriteModule } from '../write.module';

/**
 * The modules the command-line tool boots as a standalone application context: the same event
 * store, CQRS wiring and command handlers as the HTTP app (AppModule), without HTTP-only parts.
 * The read side is opt-in: booting it starts the projection runners, which only `replay` and
 * `rebuild` want — `verify` or `import` must not write to the read-model file as a side effect.
 */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, options: { readonly readSide: boolean }): DynamicModule {
    return {
      module: CliModule,
      global: true,
      imports: [
        CqrsModule.forRoot(),
        EventStoreModule.forRoot(config),
        WriteModule,
        ImportModule,
        ...(options.readSide ? [ReadModelModule] : []),
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
