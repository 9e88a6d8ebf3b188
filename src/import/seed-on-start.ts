import { Inject, Injectable, Logger } from '@nestjs/common';
import { loadSeedCommands } from '../../events/seed';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CommandImporter, describeMatch } from './command-importer';
import { ImportRecordError } from './import-command';
import { recordsOf } from './import-source';

/**
 * SEED_ON_START=true imports the seed story when the service boots, through the same importer as
 * `npm run seed` — idempotent, so restarting a seeded service appends nothing, and entities or
 * items already recorded in the same form are kept and reported. Called by createApp
 * after init, because the CQRS handlers are registered during bootstrap.
 */
@Injectable()
export class SeedOnStart {
  private readonly logger = new Logger(SeedOnStart.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly importer: CommandImporter,
  ) {}

  async run(): Promise<void> {
    if (!this.config.seedOnStart) return;
    const commands = loadSeedCommands();
    try {
      const summary = await this.importer.importAll(recordsOf(commands, 'seed record'), {
        recordedBy: 'seed',
        onMatched: (record) => this.logger.warn(`seed story: ${describeMatch(record)}`),
      });
      this.logger.log(
        `seed story: ${summary.appended} appended, ${summary.alreadyPresent} already present, ${summary.matchedExisting} matched existing`,
      );
    } catch (error) {
      // A seed that conflicts with what is recorded must not keep the service from starting:
      // the record stays as it is, and the log says which seed record could not be imported.
      if (!(error instanceof ImportRecordError)) throw error;
      this.logger.error(
        `seed story not fully imported: stopped at ${error.location}: ${error.reason} (${error.before?.appended ?? 0} records appended before it); the service starts without the rest`,
      );
    }
  }
}
