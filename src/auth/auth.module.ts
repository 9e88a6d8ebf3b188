import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuthGuard } from './auth.guard';
import { KeyRing, KeyRingModule } from './key-ring';
import { rateLimitOptions } from './rate-limit';

/**
 * API keys, the access policy and rate limits for every route. Guards run in the order listed:
 * the limiter first, so floods of bad keys are slowed down too, then the access policy.
 */
@Module({
  imports: [
    KeyRingModule,
    ThrottlerModule.forRootAsync({
      imports: [KeyRingModule],
      inject: [APP_CONFIG, KeyRing],
      useFactory: (config: AppConfig, keys: KeyRing) => rateLimitOptions(config, keys),
    }),
  ],
  providers: [
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [KeyRingModule],
})
export class AuthModule {}
