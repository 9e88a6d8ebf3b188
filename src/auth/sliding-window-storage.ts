import type { ThrottlerStorage } from '@nestjs/throttler';

/** The figures the ThrottlerGuard reads back for one request (the type is not exported). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Hit expiry times of one key and throttler, oldest first. Expired hits are dropped from the front
 * by moving `head`, so counting live hits costs O(expired) instead of O(all hits in the window).
 */
class HitQueue {
  private items: number[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  /** The earliest live expiry (the queue is kept sorted). */
  get first(): number {
    return this.items[this.head];
  }

  dropExpired(now: number): void {
    while (this.head < this.items.length && this.items[this.head] <= now) this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  /** Appends; an out-of-order time (a ttl that shrank, a clock step) is inserted in place. */
  add(expiresAt: number): void {
    let at = this.items.length;
    while (at > this.head && this.items[at - 1] > expiresAt) at--;
    this.items.splice(at, 0, expiresAt);
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

interface KeyRecord {
  expiresAt: number;
  blockExpiresAt: number;
  isBlocked: boolean;
  readonly hits: Map<string, HitQueue>;
}

const SWEEP_INTERVAL_MS = 60_000;

/**
 * The same sliding-log rate limit as @nestjs/throttler's ThrottlerStorageService (same answers
 * for the same calls; test/unit/sliding-window-storage.test.ts checks that against it), but
 * without its O(n) work per request: the stock storage filters the whole array of hits in the
 * window on every request, so with a large per-key limit a busy key cost more the busier it got.
 */
export class SlidingWindowStorage implements ThrottlerStorage {
  private readonly records = new Map<string, KeyRecord>();
  private sweptAt = Date.now();

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    this.sweepIdle(now);
    let record = this.records.get(key);
    if (record === undefined) {
      record = { expiresAt: now + ttl, blockExpiresAt: 0, isBlocked: false, hits: new Map() };
      this.records.set(key, record);
    }
    let hits = record.hits.get(throttlerName);
    if (hits === undefined) record.hits.set(throttlerName, (hits = new HitQueue()));
    hits.dropExpired(now);
    let timeToExpire = Math.ceil((record.expiresAt - now) / 1000);
    if (timeToExpire <= 0) {
      record.expiresAt = now + ttl;
      timeToExpire = Math.ceil(ttl / 1000);
    }
    if (blockDuration <= 0) {
      // Never blocks for a period: refused while the window is full, counted only when let through.
      const isBlocked = hits.size >= limit;
      if (!isBlocked) hits.add(now + ttl);
      const timeToBlockExpire = hits.size > 0 ? Math.ceil((hits.first - now) / 1000) : timeToExpire;
      return {
        totalHits: hits.size + (isBlocked ? 1 : 0),
        timeToExpire,
        isBlocked,
        timeToBlockExpire: isBlocked ? timeToBlockExpire : 0,
      };
    }
    if (!record.isBlocked) hits.add(now + ttl);
    if (hits.size > limit && !record.isBlocked) {
      record.isBlocked = true;
      record.blockExpiresAt = now + blockDuration;
    }
    const timeToBlockExpire = Math.ceil((record.blockExpiresAt - now) / 1000);
    if (timeToBlockExpire <= 0 && record.isBlocked) {
      record.isBlocked = false;
      hits.clear();
      hits.add(now + ttl);
    }
    return { totalHits: hits.size, timeToExpire, isBlocked: record.isBlocked, timeToBlockExpire };
  }

  /** Forgets keys with nothing left to remember, once a minute, so memory follows active keys. */
  private sweepIdle(now: number): void {
    if (now - this.sweptAt < SWEEP_INTERVAL_MS) return;
    this.sweptAt = now;
    for (const [key, record] of this.records) {
      if (record.isBlocked && record.blockExpiresAt > now) continue;
      if (record.expiresAt > now) continue;
      const live = [...record.hits.values()].some((hits) => (hits.dropExpired(now), hits.size > 0));
      if (!live) this.records.delete(key);
    }
  }
}
