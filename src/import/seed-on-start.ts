import { Inject, Injectable, Logger } from '@nestjs/common';
import { loadSeedCommands } from '../../events/seed';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CommandImporter } from './command-importer';
import { recordsOf } from './import-source';

/**
 * SEED_ON_START=true imports the seed story when the service boots, through the same importer as
 * `npm run seed` — idempotent, so restarting a seeded service appends nothing. Called by createApp
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
    const summary = await this.importer.importAll(recordsOf(commands, 'seed record'), {
      recordedBy: 'seed',
    });
    this.logger.log(
      `seed story: ${summary.appended} appended, ${summary.alreadyPresent} already present`,
    );
  }
}
