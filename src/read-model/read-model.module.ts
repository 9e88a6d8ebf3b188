import { Module } from '@nestjs/common';
import { TimelineExporter } from '../exports/timeline-exporter';
import {
  EntitiesController,
  ProjectionsAdminController,
  TimelineController,
} from './read-model.controllers';
import { ReadModelService } from './read-model.service';
import { ReadQueries } from './read-queries';

/**
 * The read side: projections into a local SQLite file and the query endpoints. Needs the global
 * EVENT_STORE and APP_CONFIG providers (AppModule and EventStoreModule supply them).
 */
@Module({
  controllers: [TimelineController, EntitiesController, ProjectionsAdminController],
  providers: [ReadModelService, ReadQueries, TimelineExporter],
  exports: [ReadModelService, ReadQueries, TimelineExporter],
})
export class ReadModelModule {}
