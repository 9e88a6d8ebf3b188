import { Logger } from '@nestjs/common';
import { asStorageError, StorageError } from '../event-store/event-store.errors';

/** Backoff after a passing storage failure (disk full, I/O error): 0.5 s, doubling, at most 30 s. */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;

/**
 * A projection's retries after the store or the read-model file failed for a passing reason (a
 * full disk, an I/O error): it resumes from its checkpoint once space is freed, without a
 * restart. Anything else is not retried; the projection stops there (it never skips an event).
 */
export class StorageRetry {
  private readonly logger = new Logger('Projections');
  private retries = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly projection: string) {}

  /**
   * Schedules `again` after the next backoff and returns why (for the failure the projection
   * reports meanwhile), or null when `error` is not a passing storage failure.
   */
  schedule(error: unknown, checkpoint: bigint, again: () => void): string | null {
    const mapped = asStorageError(error, 'projection');
    if (!(mapped instanceof StorageError) || mapped.code !== 'STORAGE_UNAVAILABLE') return null;
    const delay = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** this.retries);
    this.retries += 1;
    this.logger.warn(
      `${this.projection} stopped at position ${checkpoint}: ${mapped.message}; retry ${this.retries} in ${delay} ms`,
    );
    this.timer = setTimeout(() => {
      this.timer = null;
      again();
    }, delay);
    return `${mapped.message}; retrying in ${delay} ms`;
  }

  /** A batch committed: the next failure starts the backoff afresh. */
  succeeded(checkpoint: bigint): void {
    if (this.retries > 0) this.logger.log(`${this.projection} resumed at position ${checkpoint}`);
    this.retries = 0;
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
