import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parsePublicKey, type Checkpoint } from '../audit/merkle/checkpoint';
import {
  checkCheckpoint,
  checkConsistency,
  checkInclusion,
  type AuditedEvent,
  type ConsistencyProof,
  type InclusionProof,
} from '../audit/merkle/offline-verify';
import { EXIT, UsageError } from './cli-context';
import { printJson } from './progress';

interface VerifyProofOptions {
  readonly publicKey: string;
  readonly checkpoint: string;
  readonly event?: string;
  readonly inclusion?: string;
  readonly oldCheckpoint?: string;
  readonly consistency?: string;
}

/**
 * `verify-proof`: checks a checkpoint's signature and, if given, an event's inclusion proof and a
 * consistency proof from an older checkpoint — offline, from files only (no store, no service),
 * so a reader can run it on another machine. Exit 0 all hold, 1 one does not, 2 bad input.
 */
export function registerVerifyProofCommand(program: Command): void {
  program
    .command('verify-proof')
    .description('offline: check a signed checkpoint, an inclusion proof and a consistency proof')
    .requiredOption(
      '--public-key <file>',
      "the log's public key (PEM, raw base64, or the /audit/public-key JSON)",
    )
    .requiredOption('--checkpoint <file>', 'a checkpoint (the JSON of GET /audit/checkpoint)')
    .option(
      '--event <file>',
      'the event, as one line of /audit/events or an entry of an item history',
    )
    .option(
      '--inclusion <file>',
      'its inclusion proof (GET /audit/proof/inclusion) for --checkpoint',
    )
    .option('--old-checkpoint <file>', 'an earlier checkpoint of the same log')
    .option('--consistency <file>', 'the consistency proof from --old-checkpoint to --checkpoint')
    .action((options: VerifyProofOptions) => {
      if (Boolean(options.event) !== Boolean(options.inclusion)) {
        throw new UsageError('--event and --inclusion go together');
      }
      if (Boolean(options.oldCheckpoint) !== Boolean(options.consistency)) {
        throw new UsageError('--old-checkpoint and --consistency go together');
      }
      const publicKey = readKey(options.publicKey);
      const checkpoint = readJson<Checkpoint>(options.checkpoint, '--checkpoint');
      const checks: { check: string; ok: boolean; problem?: string }[] = [];
      const record = (check: string, problem: string | null) =>
        checks.push(problem === null ? { check, ok: true } : { check, ok: false, problem });

      record(
        'checkpoint signature',
        guarded(() => checkCheckpoint(checkpoint, publicKey)),
      );
      if (options.event && options.inclusion) {
        const event = readJson<AuditedEvent>(options.event, '--event');
        const proof = readJson<InclusionProof>(options.inclusion, '--inclusion');
        record(
          `inclusion of event ${event.id}`,
          guarded(() => checkInclusion(checkpoint, event, proof)),
        );
      }
      if (options.oldCheckpoint && options.consistency) {
        const older = readJson<Checkpoint>(options.oldCheckpoint, '--old-checkpoint');
        const proof = readJson<ConsistencyProof>(options.consistency, '--consistency');
        record(
          'old checkpoint signature',
          guarded(() => checkCheckpoint(older, publicKey)),
        );
        record(
          `consistency ${older.treeSize} -> ${checkpoint.treeSize}`,
          guarded(() => checkConsistency(older, checkpoint, proof)),
        );
      }
      const ok = checks.every((c) => c.ok);
      printJson({ ok, checks });
      process.exitCode = ok ? EXIT.ok : EXIT.failureFound;
    });
}

/** A malformed proof (a hash that is not hex, a missing field) fails its check, named. */
function guarded(check: () => string | null): string | null {
  try {
    return check();
  } catch (error) {
    return `malformed input: ${(error as Error).message}`;
  }
}

function readText(file: string, option: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${option} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

function readJson<T>(file: string, option: string): T {
  const text = readText(file, option);
  try {
    const value = JSON.parse(
      text.split('\n').find((line) => line.trim() !== '') ?? text,
    ) as unknown;
    if (value === null || typeof value !== 'object') throw new Error('not a JSON object');
    return value as T;
  } catch {
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new UsageError(`${option} ${file} is not JSON: ${(error as Error).message}`);
    }
  }
}

function readKey(file: string) {
  const text = readText(file, '--public-key');
  let key = text;
  if (text.trim().startsWith('{')) {
    const published = JSON.parse(text) as { publicKey?: string };
    key = published.publicKey ?? '';
  }
  try {
    return parsePublicKey(key);
  } catch (error) {
    throw new UsageError(`--public-key ${file}: ${(error as Error).message}`);
  }
}
