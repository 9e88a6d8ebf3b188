import { createHash } from 'node:crypto';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { v5 as uuidv5 } from 'uuid';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiError } from '../http/error-catalogue';
import { IdempotencyStore } from './idempotency.store';

/** Namespace for event ids derived from Idempotency-Keys (a fixed, random UUID). */
const EVENT_ID_NAMESPACE = '6c1f4f0e-8a57-4c1b-9a0e-3f7f2b1d5e42';
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
/** What KEY_PATTERN accepts, in words (error messages and docs). A UUID is a good key. */
export const IDEMPOTENCY_KEY_FORMAT =
  '1-200 visible ASCII characters (letters, digits and punctuation; no spaces)';

export interface IdempotentRequest {
  /** Event id derived from the key, or undefined when the request carries no key. */
  readonly eventId: string | undefined;
  /** Call when the request is refused before anything was written, so the key may be reused. */
  readonly release: () => void;
}

@Injectable()
export class IdempotencyService implements OnModuleDestroy {
  private readonly store: IdempotencyStore;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.store = new IdempotencyStore(config.statePath);
  }

  /**
   * Registers the request under its key. `scope` names who and where (principal, method, route),
   * so one client's key never collides with another's.
   */
  begin(scope: string, key: string | undefined, body: unknown): IdempotentRequest {
    if (key === undefined) return { eventId: undefined, release: () => undefined };
    if (!KEY_PATTERN.test(key)) {
      throw new ApiError('VALIDATION_FAILED', `Idempotency-Key must be ${IDEMPOTENCY_KEY_FORMAT}`, {
        fields: [{ field: 'Idempotency-Key', message: `must be ${IDEMPOTENCY_KEY_FORMAT}` }],
      });
    }
    const fingerprint = createHash('sha256')
      .update(canonicalize(body ?? null) ?? '')
      .digest('hex');
    if (!this.store.claim(scope, key, fingerprint)) {
      throw new ApiError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used with a different request body',
        { fields: [{ field: 'Idempotency-Key', message: 'already used with a different body' }] },
      );
    }
    return {
      eventId: uuidv5(`${scope}\n${key}`, EVENT_ID_NAMESPACE),
      release: () => this.store.release(scope, key, fingerprint),
    };
  }

  onModuleDestroy(): void {
    this.store.close();
  }
}
