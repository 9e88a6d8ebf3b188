import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * A signed checkpoint: the log's size and Merkle root at one moment, signed with the service's
 * Ed25519 key. The signed bytes are the C2SP tlog-checkpoint body (origin line, tree size,
 * base64 root hash), followed by two extension lines: the store position of the last leaf and
 * the signing time. Anyone can rebuild those bytes from the JSON fields and check the signature
 * with nothing but the public key.
 */
export interface Checkpoint {
  readonly origin: string;
  readonly treeSize: number;
  /** Lowercase hex of the RFC 9162 root hash (SHA-256). */
  readonly rootHash: string;
  /** The store position of the last event in the tree ("0" when empty). */
  readonly position: string;
  /** When the checkpoint was signed (ISO 8601, UTC). */
  readonly timestamp: string;
  readonly keyId: string;
  /** Exactly the signed bytes (UTF-8). */
  readonly body: string;
  /** Ed25519 signature of `body`, base64. */
  readonly signature: string;
}

export type CheckpointFields = Pick<Checkpoint, 'treeSize' | 'rootHash' | 'position' | 'timestamp'>;

export function checkpointBody(origin: string, fields: CheckpointFields): string {
  const root = Buffer.from(fields.rootHash, 'hex').toString('base64');
  return `${origin}\n${fields.treeSize}\n${root}\nposition ${fields.position}\ntimestamp ${fields.timestamp}\n`;
}

/** The raw 32-byte Ed25519 public key, as published at /audit/public-key. */
export function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(String(jwk.x), 'base64url');
}

/** First 8 bytes of SHA-256 over the raw public key, hex: names the key in checkpoints. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(rawPublicKey(publicKey)).digest('hex').slice(0, 16);
}

/** The log's name in checkpoints: one per signing key, so two deployments never collide. */
export function originOf(publicKey: KeyObject): string {
  return `policy-timeline/${keyIdOf(publicKey)}`;
}

export function signCheckpoint(
  privateKey: KeyObject,
  publicKey: KeyObject,
  fields: CheckpointFields,
): Checkpoint {
  const origin = originOf(publicKey);
  const body = checkpointBody(origin, fields);
  const signature = sign(null, Buffer.from(body, 'utf8'), privateKey).toString('base64');
  return { origin, ...fields, keyId: keyIdOf(publicKey), body, signature };
}

/** Reads a public key given as PEM (SPKI) or as the raw 32 bytes in base64. */
export function parsePublicKey(text: string): KeyObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return createPublicKey(trimmed);
  const raw = Buffer.from(trimmed, 'base64');
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes (base64) or a PEM');
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
    format: 'jwk',
  });
}

/**
 * Why a checkpoint does not hold, or null when it does: the body must be exactly what the fields
 * say (so nobody can sign one thing and show another) and the signature must be the key's.
 */
export function checkpointProblem(checkpoint: Checkpoint, publicKey: KeyObject): string | null {
  if (checkpoint.origin !== originOf(publicKey)) {
    return `the checkpoint is of log ${checkpoint.origin}, not of this key's log ${originOf(publicKey)}`;
  }
  if (checkpoint.body !== checkpointBody(checkpoint.origin, checkpoint)) {
    return 'the signed body does not match the checkpoint fields';
  }
  const ok = verify(
    null,
    Buffer.from(checkpoint.body, 'utf8'),
    publicKey,
    Buffer.from(checkpoint.signature, 'base64'),
  );
  return ok ? null : 'the signature does not verify with this public key';
}
