import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/**
 * UUIDv7 event ids, fast enough for group-committed appends.
 *
 * uuid's default v7 asks WebCrypto for 16 random bytes per id (~14 µs each here, a large share
 * of an append's CPU). We draw the random bytes from a pool refilled 4 KiB at a time instead,
 * and keep uuid's own monotonic rule (same millisecond: sequence + 1), so ids still sort in
 * creation order within this process, as uuid's stateful default does.
 */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;
let lastMsecs = -1;
let sequence = 0;

function randomBytes16(): Uint8Array {
  if (poolOffset + 16 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  poolOffset += 16;
  return pool.subarray(poolOffset - 16, poolOffset);
}

export function newEventId(): string {
  const random = randomBytes16();
  let msecs = Date.now();
  if (msecs > lastMsecs) {
    // A random 26-bit start per millisecond leaves ~2^31 increments of headroom in the 32-bit field.
    sequence = ((random[6] & 0x03) << 24) | (random[7] << 16) | (random[8] << 8) | random[9];
    lastMsecs = msecs;
  } else {
    // Same (or an earlier, if the clock stepped back) millisecond: count up to stay ordered.
    sequence += 1;
    if (sequence > 0xffffffff) {
      lastMsecs += 1;
      sequence = 0;
    }
    msecs = lastMsecs;
  }
  return uuidv7({ random, msecs, seq: sequence });
}
