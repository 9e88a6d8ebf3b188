import { createHash } from 'node:crypto';

/**
 * The log digest: one hash that commits to every event hash in global order up to a position.
 *
 *   d0 = "0" x 64
 *   d_i = lowercase hex SHA-256 of the ASCII string (d_{i-1} + hash_i)
 *
 * Each event hash already covers the event's content and its stream predecessor, so an auditor
 * who keeps (position, digest) can later prove that no event at or before that position was
 * changed, removed, inserted or reordered. Framework-free on purpose: the CLI, the HTTP layer and
 * an outsider's script (see README "## Audit") compute exactly the same thing.
 */
export const EMPTY_LOG_DIGEST = '0'.repeat(64);

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** One step of the fold: the digest after appending `eventHash` to a log whose digest is `previous`. */
export function nextLogDigest(previous: string, eventHash: string): string {
  return createHash('sha256')
    .update(previous + eventHash, 'ascii')
    .digest('hex');
}

/** The digest of a whole sequence of event hashes, in global order. */
export function logDigest(eventHashes: Iterable<string>): string {
  let digest = EMPTY_LOG_DIGEST;
  for (const hash of eventHashes) digest = nextLogDigest(digest, hash);
  return digest;
}

/** Whether a string has the shape of a digest (64 lowercase hex chars). */
export function isLogDigest(value: string): boolean {
  return HEX_SHA256.test(value);
}
