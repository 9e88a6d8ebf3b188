import { Module } from '@nestjs/common';
import { CommandImporter } from './command-importer';

/** The importer needs the CommandBus (CqrsModule) and EVENT_STORE, both global in AppModule. */
@Module({ providers: [CommandImporter], exports: [CommandImporter] })
export class ImportModule {}
