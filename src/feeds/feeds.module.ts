import { Module } from '@nestjs/common';
import { ReadModelModule } from '../read-model/read-model.module';
import { ChangeFeedController } from './change-feed.controller';
import { ChangeFeed } from './change-feed.service';

/** Live change feeds over the read model (GET /timeline/changes). */
@Module({
  imports: [ReadModelModule],
  controllers: [ChangeFeedController],
  providers: [ChangeFeed],
})
export class FeedsModule {}
