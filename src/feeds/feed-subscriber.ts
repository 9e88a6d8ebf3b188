import type { ServerResponse } from 'node:http';
import type { ItemDoc } from '../read-model/item-doc';
import type { TimelineQuery } from '../read-model/timeline-query';

export type ChangeKind = 'recorded' | 'corrected' | 'retracted' | 'removed';

export interface FeedChange {
  readonly position: bigint;
  readonly kind: ChangeKind;
  readonly itemId: string;
  /** The item as /timeline shows it after the change (null when it left the filter). */
  readonly item: ItemDoc | null;
}

/**
 * One open feed: its filter, how far it has been sent, and its socket. Writes go through here
 * so the bytes the client has not read yet are known: past `maxBufferedBytes` the client is
 * too slow and is disconnected with a reason, so a stalled reader never grows the server's memory.
 */
export class FeedSubscriber {
  private closed = false;

  constructor(
    readonly filter: Omit<TimelineQuery, 'at'>,
    /** Every change at or before this position has been sent (or was before the feed began). */
    public sent: bigint,
    private readonly response: ServerResponse,
    private readonly maxBufferedBytes: number,
    private readonly onClose: (reason: string) => void,
  ) {
    response.on('close', () => this.finish('client closed'));
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Writes one SSE event per change; false if the client was too slow and has been dropped. */
  send(changes: readonly FeedChange[]): boolean {
    for (const change of changes) {
      const data = JSON.stringify({
        change: change.kind,
        itemId: change.itemId,
        position: change.position.toString(),
        item: change.item,
      });
      this.write(`id: ${change.position}\nevent: change\ndata: ${data}\n\n`);
      if (!this.isOpen) return false;
    }
    return this.isOpen;
  }

  heartbeat(): void {
    this.write(': heartbeat\n\n');
  }

  /** Ends the feed with a last event saying why (shutdown, too slow). */
  end(reason: string): void {
    if (this.closed) return;
    this.response.end(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
    this.finish(reason);
  }

  private write(text: string): void {
    if (this.closed) return;
    this.response.write(text);
    if (this.response.writableLength > this.maxBufferedBytes) {
      this.end('too slow: the client did not read its feed');
      // What is queued for it is dropped with the socket, not kept.
      this.response.destroy();
    }
  }

  private finish(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(reason);
  }
}
