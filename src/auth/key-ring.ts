import { writeFileSync } from 'node:fs';
import { Inject, Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiError } from '../http/error-catalogue';
import {
  type ApiKeyRecord,
  generateApiKey,
  hashApiKey,
  matchApiKey,
  type Principal,
} from './api-keys';
import { keysFileStamp, readKeysFile, writeKeysFile } from './keys-file';

type KeyConfig = Pick<AppConfig, 'keysFile' | 'envKeys' | 'bootstrapKeyFile'>;

/** What authentication reads of a request (a FastifyRequest is one). */
export interface AuthenticatedRequest {
  readonly headers: { readonly authorization?: string };
}

/**
 * The keys the server accepts: those from API_KEYS plus the keys file, re-read whenever the file
 * changes so `keys create` / `keys revoke` take effect without a restart.
 */
@Injectable()
export class KeyRing implements OnModuleInit {
  private readonly logger = new Logger('Auth');
  private fileKeys: readonly ApiKeyRecord[] = [];
  private stamp = '';
  private checkedAt = Number.NEGATIVE_INFINITY;
  /** Per request: the rate limiter asks twice and the AuthGuard once; hashing once is enough. */
  private readonly decided = new WeakMap<object, () => Principal | null>();

  constructor(@Inject(APP_CONFIG) private readonly config: KeyConfig) {}

  onModuleInit(): void {
    this.refresh(true);
    if (this.config.envKeys.length === 0 && this.fileKeys.length === 0) this.createFirstAdminKey();
  }

  /**
   * The principal for an Authorization header; null when there is none. A header that is
   * present but malformed or unknown is refused rather than treated as anonymous.
   */
  authenticate(authorization: string | undefined): Principal | null {
    if (authorization === undefined || authorization === '') return null;
    const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(authorization);
    if (!match) throw unauthenticated('the Authorization header must be "Bearer <api key>"');
    this.refresh();
    // An unknown key may have been created within the last second: look at the file once more.
    const principal = this.match(match[1]) ?? (this.refresh(true), this.match(match[1]));
    if (!principal) throw unauthenticated('the API key is not valid (unknown or revoked)');
    return principal;
  }

  /** authenticate() of the request's Authorization header, worked out once per request. */
  authenticateRequest(request: AuthenticatedRequest): Principal | null {
    let outcome = this.decided.get(request);
    if (outcome === undefined) {
      try {
        const principal = this.authenticate(request.headers.authorization);
        outcome = () => principal;
      } catch (error) {
        outcome = () => {
          throw error;
        };
      }
      this.decided.set(request, outcome);
    }
    return outcome();
  }

  private match(key: string): Principal | null {
    return matchApiKey([...this.config.envKeys, ...this.fileKeys], key);
  }

  /** Like authenticateRequest, but never throws: the rate limiter only needs a bucket name. */
  identify(request: AuthenticatedRequest): Principal | null {
    try {
      return this.authenticateRequest(request);
    } catch {
      return null;
    }
  }

  /**
   * Looks at the keys file at most once a second (a stat per request is wasted on the hot path), so
   * a revoked key stops working within a second.
   */
  private refresh(force = false): void {
    const now = performance.now();
    if (!force && now - this.checkedAt < 1000) return;
    this.checkedAt = now;
    const stamp = keysFileStamp(this.config.keysFile);
    if (stamp === this.stamp) return;
    try {
      this.fileKeys = readKeysFile(this.config.keysFile);
      this.stamp = stamp;
    } catch (error) {
      // A bad edit while running keeps the last good keys; start-up validation catches it on restart.
      this.logger.error(`keys file ignored: ${(error as Error).message}`);
    }
  }

  /** Secure by default: no configured key means an admin key, handed over via a 0600 file. */
  private createFirstAdminKey(): void {
    const key = generateApiKey();
    writeFileSync(this.config.bootstrapKeyFile, `${key}\n`, { mode: 0o600, flag: 'wx' });
    writeKeysFile(this.config.keysFile, [
      { name: 'admin', roles: ['admin'], sha256: hashApiKey(key) },
    ]);
    this.refresh(true);
    this.logger.warn(
      `no API key was configured: created the admin key "admin"; it is in ${this.config.bootstrapKeyFile} (readable only by this user)`,
    );
  }
}

function unauthenticated(detail: string): ApiError {
  return new ApiError('UNAUTHENTICATED', detail, {
    headers: { 'WWW-Authenticate': 'Bearer realm="policy-timeline"' },
  });
}

/** Its own module so the rate limiter's options factory can inject the same KeyRing. */
@Module({ providers: [KeyRing], exports: [KeyRing] })
export class KeyRingModule {}
