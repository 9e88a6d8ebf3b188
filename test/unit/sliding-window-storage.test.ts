import { ThrottlerStorageService } from '@nestjs/throttler';
import fc from 'fast-check';
import { SlidingWindowStorage } from '../../src/auth/sliding-window-storage';

/**
 * SlidingWindowStorage replaces @nestjs/throttler's storage for speed only: for any sequence of
 * requests over time it must answer what the stock storage answers. Both run side by side on
 * the same (mocked) clock.
 */

interface Call {
  readonly advanceMs: number;
  readonly key: string;
  readonly throttler: string;
}

const call: fc.Arbitrary<Call> = fc.record({
  // Mostly small steps, sometimes past a window or a block.
  advanceMs: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 5000 })),
  key: fc.constantFrom('key:a', 'key:b', 'ip:1'),
  throttler: fc.constantFrom('default', 'default', 'burst'),
});

/** What the guard reads: timeToBlockExpire only matters (and is only read) when blocked. */
function observed(record: Awaited<ReturnType<ThrottlerStorageService['increment']>>) {
  const { totalHits, timeToExpire, isBlocked, timeToBlockExpire } = record;
  return { totalHits, timeToExpire, isBlocked, timeToBlockExpire: isBlocked && timeToBlockExpire };
}

describe('SlidingWindowStorage', () => {
  let now = 1_700_000_000_000;
  beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => now));
  afterEach(() => jest.restoreAllMocks());

  it.each([
    ['blocks for a period (blockDuration > 0)', 1500],
    ['never blocks for a period (blockDuration 0)', 0],
  ])('answers as ThrottlerStorageService does: %s', async (_label, blockDuration) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(call, { minLength: 1, maxLength: 120 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 200, max: 3000 }),
        async (calls, limit, ttl) => {
          const stock = new ThrottlerStorageService();
          const ours = new SlidingWindowStorage();
          try {
            for (const { advanceMs, key, throttler } of calls) {
              now += advanceMs;
              const expected = await stock.increment(key, ttl, limit, blockDuration, throttler);
              const actual = await ours.increment(key, ttl, limit, blockDuration, throttler);
              expect(observed(actual)).toEqual(observed(expected));
            }
          } finally {
            stock.onApplicationShutdown();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays cheap when one key makes many requests in its window', async () => {
    const ours = new SlidingWindowStorage();
    for (let i = 0; i < 200_000; i++) {
      if (i % 10 === 0) now += 1;
      await ours.increment('key:busy', 60_000, 1_000_000, 60_000, 'default');
    }
    const last = await ours.increment('key:busy', 60_000, 1_000_000, 60_000, 'default');
    expect(last).toMatchObject({ totalHits: 200_001, isBlocked: false });
  });

  it('forgets hits once they leave the window', async () => {
    const ours = new SlidingWindowStorage();
    for (let i = 0; i < 5; i++) await ours.increment('key:a', 1000, 10, 1000, 'default');
    now += 1001;
    const after = await ours.increment('key:a', 1000, 10, 1000, 'default');
    expect(after).toMatchObject({ totalHits: 1, isBlocked: false });
  });
});
