import type { ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { FeedSubscriber, type FeedChange } from '../../../src/feeds/feed-subscriber';
import type { ItemDoc } from '../../../src/read-model/item-doc';

/** A client that never reads: a real stream whose writes never complete. */
function stalledClient(): Writable {
  return new Writable({ highWaterMark: 16, write: () => undefined });
}

const change = (n: number): FeedChange => ({
  position: BigInt(n),
  kind: 'recorded',
  itemId: `item-${n}`,
  item: { itemId: `item-${n}`, headline: 'x'.repeat(500) } as unknown as ItemDoc,
});

describe('FeedSubscriber: a client that does not read is dropped, never buffered without bound', () => {
  it('disconnects with the reason once its unread bytes pass the cap', () => {
    const client = stalledClient();
    const reasons: string[] = [];
    const feed = new FeedSubscriber(
      {} as never,
      0n,
      client as unknown as ServerResponse,
      4096,
      (r) => reasons.push(r),
    );
    let sent = 0;
    for (let n = 1; n <= 1000 && feed.send([change(n)]); n++) sent = n;
    expect(feed.isOpen).toBe(false);
    expect(reasons).toEqual(['too slow: the client did not read its feed']);
    // It stopped within a few events of the cap (each ~600 bytes), not after 1000.
    expect(sent).toBeLessThan(10);
    expect(client.destroyed).toBe(true);
    // Nothing more is queued for it.
    expect(feed.send([change(2000)])).toBe(false);
  });

  it('keeps a reading client, and ends it with a reason on shutdown', () => {
    const written: string[] = [];
    const client = new Writable({
      write(chunk: Buffer, _encoding, done) {
        written.push(chunk.toString());
        done();
      },
    });
    const reasons: string[] = [];
    const feed = new FeedSubscriber(
      {} as never,
      0n,
      client as unknown as ServerResponse,
      4096,
      (r) => reasons.push(r),
    );
    for (let n = 1; n <= 100; n++) expect(feed.send([change(n)])).toBe(true);
    feed.heartbeat();
    feed.end('shutdown');
    expect(reasons).toEqual(['shutdown']);
    expect(written.filter((w) => w.startsWith('id: '))).toHaveLength(100);
    expect(written).toContain(': heartbeat\n\n');
    expect(written[written.length - 1]).toBe('event: end\ndata: {"reason":"shutdown"}\n\n');
  });
});
