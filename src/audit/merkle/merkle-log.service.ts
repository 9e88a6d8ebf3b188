import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { StorageError } from '../../event-store/event-store.errors';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '../../event-store/event-store.port';
import { ApiError } from '../../http/error-catalogue';
import { signCheckpoint, type Checkpoint } from './checkpoint';
import { MerkleFile } from './merkle-file';
import { MerkleFollowerThread } from './merkle-follower-thread';
import { consistencyPath, inclusionPath, leafHash, rangeHash } from './rfc9162';
import { loadOrCreateSigningKey, type SigningKey } from './signing-key';

/**
 * Leaves are written in batches: one transaction per FLUSH_EVENTS events, or FLUSH_DELAY_MS after
 * the first pending one, so a busy store costs few commits and a quiet one is covered quickly.
 */
const FLUSH_EVENTS = 2000;
const FLUSH_DELAY_MS = 20;

/**
 * Follows the event store and keeps the Merkle tree over it (one leaf per event, in global
 * order) in MERKLE_PATH; signs checkpoints and answers proofs from it. It follows the log like a
 * projection, so the append transaction pays nothing: on SQLite from its own thread reading the
 * store file (MerkleFollowerThread), on KurrentDB through a subscription in this process. A
 * checkpoint covers the events the follower has reached (normally all, milliseconds behind).
 */
@Injectable()
export class MerkleLog implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MerkleLog');
  private file?: MerkleFile;
  private key?: SigningKey;
  private subscription?: Subscription;
  /** SQLite: the tree is built on its own thread; this side only reads the file. */
  private thread?: MerkleFollowerThread;
  private pending: RecordedEvent[] = [];
  private flushScheduled = false;
  /** Why the file cannot follow this store (set at start), or null. */
  private divergence: string | null = null;
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.key = loadOrCreateSigningKey(this.config.auditSigningKeyFile);
    if (this.key.created) {
      this.logger.warn(
        `created the checkpoint signing key ${this.config.auditSigningKeyFile}; publish GET /audit/public-key where readers can find it`,
      );
    }
    this.file = new MerkleFile(this.config.merklePath);
    this.divergence = await this.checkAgainstStore(this.file);
    if (this.divergence) {
      this.logger.error(this.divergence);
      return;
    }
    if (this.config.eventStore === 'sqlite') {
      this.thread = new MerkleFollowerThread(
        { sqlitePath: this.config.sqlitePath, merklePath: this.config.merklePath },
        (message) => this.logger.error(`the Merkle follower failed, retrying: ${message}`),
      );
    } else {
      void this.follow(this.file);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.thread?.stop();
    await this.subscription?.close();
    this.flush();
    this.file?.close();
    this.file = undefined;
  }

  /** A checkpoint of the tree as far as it has been built, signed now. */
  checkpoint(): Checkpoint {
    const file = this.ready();
    const { privateKey, publicKey } = this.signingKey();
    return signCheckpoint(privateKey, publicKey, {
      treeSize: file.size,
      rootHash: rangeHash(file.subtree, 0, file.size).toString('hex'),
      position: file.positionAtSize(file.size).toString(),
      timestamp: new Date().toISOString(),
    });
  }

  signingKey(): SigningKey {
    if (!this.key) throw new ApiError('NOT_READY', 'The Merkle log is still starting');
    return this.key;
  }

  inclusion(eventId: string, treeSize: number | undefined) {
    const file = this.ready();
    const size = this.treeSizeOrCurrent('treeSize', treeSize, file);
    const leaf = file.leafOfEvent(eventId);
    if (!leaf) {
      throw new ApiError('NOT_FOUND', `Event ${eventId} is not in the Merkle log (yet)`);
    }
    if (leaf.index >= size) {
      throw ApiError.invalidQuery(
        'treeSize',
        `event ${eventId} is leaf ${leaf.index}, not in a tree of ${size}; ask with a later checkpoint`,
      );
    }
    return {
      eventId,
      leafIndex: leaf.index,
      position: leaf.position.toString(),
      treeSize: size,
      leafHash: leaf.leafHash.toString('hex'),
      proof: inclusionPath(file.subtree, leaf.index, size).map((h) => h.toString('hex')),
    };
  }

  consistency(from: number, to: number | undefined) {
    const file = this.ready();
    const size = this.treeSizeOrCurrent('to', to, file);
    if (from > size) throw ApiError.invalidQuery('from', `must not be above to (${size})`);
    return {
      from,
      to: size,
      proof: consistencyPath(file.subtree, from, size).map((h) => h.toString('hex')),
    };
  }

  private treeSizeOrCurrent(name: string, asked: number | undefined, file: MerkleFile): number {
    if (asked === undefined) return file.size;
    if (asked > file.size) {
      throw ApiError.invalidQuery(name, `is beyond the log's tree size (${file.size})`);
    }
    return asked;
  }

  private ready(): MerkleFile {
    if (this.divergence) throw new ApiError('MERKLE_LOG_DIVERGED', this.divergence);
    if (!this.file) throw new ApiError('NOT_READY', 'The Merkle log is still starting');
    return this.thread ? this.file.refresh() : this.file;
  }

  /**
   * The file's last leaf must be the store's event at that place. If it is not, the store was
   * replaced or rewritten since the tree was built: the tree is evidence, so it is neither
   * extended nor rebuilt, and checkpoints are refused until someone decides.
   */
  private async checkAgainstStore(file: MerkleFile): Promise<string | null> {
    const last = file.lastLeaf();
    if (!last) return null;
    const before = file.positionBefore(last.index);
    let event;
    try {
      [event] = await this.store.readAll({ after: before ?? undefined, limit: 1 });
    } catch (error) {
      // A damaged row must not stop the start; it does stop checkpoints over it.
      if (!(error instanceof StorageError)) throw error;
      return `The Merkle log ${file.path} cannot be checked against the event store: ${error.message}. Run verify; restore the store from a backup.`;
    }
    const found = event && leafHash(Buffer.from(event.hash, 'hex'));
    if (event && event.position === last.position && found?.equals(last.leafHash)) return null;
    const what = event
      ? `the store has event ${event.id} at position ${event.position} with another hash`
      : 'the store has no event there';
    return (
      `The Merkle log ${file.path} does not describe this event store: its leaf ${last.index} is at position ${last.position}, and ${what}. ` +
      'The store was replaced, restored from an older backup or rewritten. Keep the file as evidence; move it aside to start a new log over this store.'
    );
  }

  /** Follows from the last leaf; a store error restarts the subscription from there after a pause. */
  private async follow(file: MerkleFile): Promise<void> {
    while (!this.stopped) {
      this.flush();
      const last = file.lastLeaf();
      this.subscription = this.store.subscribe({ after: last ? last.position : undefined });
      try {
        for await (const event of this.subscription) {
          this.pending.push(event);
          if (this.pending.length >= FLUSH_EVENTS) this.flush();
          else if (!this.flushScheduled) {
            this.flushScheduled = true;
            setTimeout(() => this.flush(), FLUSH_DELAY_MS).unref();
          }
        }
      } catch (error) {
        if (this.stopped) return;
        this.logger.error(
          `following the store failed, retrying in 1 s: ${(error as Error).message}`,
        );
        await new Promise((resolve) => setTimeout(resolve, 1000).unref());
      }
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0 || !this.file) return;
    const batch = this.pending;
    this.pending = [];
    this.file.append(
      batch.map((e) => ({ position: e.position, eventId: e.id, eventHash: e.hash })),
    );
  }
}
