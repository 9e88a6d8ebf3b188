import type { KeyObject } from 'node:crypto';
import { computeEventHash } from '../../event-store/hash-chain';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { checkpointProblem, type Checkpoint } from './checkpoint';
import { leafHash, verifyConsistency, verifyInclusion } from './rfc9162';

/**
 * Offline checks a reader can run with nothing from the service but what it published: a
 * checkpoint, the public key, an event (as /audit/events or the item history shows it) and a
 * proof. Each returns null when the check holds, or the reason it does not, in words.
 */
export interface InclusionProof {
  readonly eventId: string;
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: string;
  readonly proof: readonly string[];
}

export interface ConsistencyProof {
  readonly from: number;
  readonly to: number;
  readonly proof: readonly string[];
}

/** An event as the audit endpoints show it: every stored field, position as a string. */
export type AuditedEvent = Omit<RecordedEvent, 'position'> & { readonly position?: string };

export function checkCheckpoint(checkpoint: Checkpoint, publicKey: KeyObject): string | null {
  return checkpointProblem(checkpoint, publicKey);
}

export function checkInclusion(
  checkpoint: Checkpoint,
  event: AuditedEvent,
  proof: InclusionProof,
): string | null {
  // The event's hash is recomputed from its content: the stored `hash` field proves nothing.
  const recomputed = computeEventHash(event);
  if (recomputed !== event.hash) {
    return `event ${event.id} was changed: its content hashes to ${recomputed}, not to its recorded hash ${event.hash}`;
  }
  if (proof.eventId !== event.id) return `the proof is for event ${proof.eventId}, not ${event.id}`;
  if (proof.treeSize !== checkpoint.treeSize) {
    return `the proof is for a tree of ${proof.treeSize}, the checkpoint is of ${checkpoint.treeSize}`;
  }
  const leaf = leafHash(Buffer.from(recomputed, 'hex'));
  const ok = verifyInclusion(
    proof.leafIndex,
    proof.treeSize,
    leaf,
    proof.proof.map(hashBytes),
    hashBytes(checkpoint.rootHash),
  );
  return ok
    ? null
    : `event ${event.id} is not at leaf ${proof.leafIndex} of the log the checkpoint signed (tree ${checkpoint.treeSize}, root ${checkpoint.rootHash})`;
}

export function checkConsistency(
  older: Checkpoint,
  newer: Checkpoint,
  proof: ConsistencyProof,
): string | null {
  if (older.origin !== newer.origin) {
    return `the checkpoints are of two logs (${older.origin}, ${newer.origin})`;
  }
  if (newer.treeSize < older.treeSize) {
    return `the log shrank from ${older.treeSize} to ${newer.treeSize} events: it was truncated`;
  }
  if (proof.from !== older.treeSize || proof.to !== newer.treeSize) {
    return `the proof is from ${proof.from} to ${proof.to}, the checkpoints are of ${older.treeSize} and ${newer.treeSize}`;
  }
  const ok = verifyConsistency(
    older.treeSize,
    newer.treeSize,
    proof.proof.map(hashBytes),
    hashBytes(older.rootHash),
    hashBytes(newer.rootHash),
  );
  return ok
    ? null
    : `the log of ${newer.treeSize} events does not extend the one of ${older.treeSize} signed at ${older.timestamp}: its first ${older.treeSize} events were rewritten (changed, removed, reordered or inserted), or the two checkpoints show two different logs`;
}

function hashBytes(hex: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`${hex} is not a SHA-256 hash in lowercase hex`);
  return Buffer.from(hex, 'hex');
}
