import { prepareAppend } from '../../../src/event-store/append-validation';
import { chainEvents } from '../../../src/event-store/kurrentdb/event-chain';
import { toEventData } from '../../../src/event-store/kurrentdb/event-mapping';
import { verifyStreamChain } from '../../../src/event-store/hash-chain';
import { events, newStream, take } from '../contract-helpers';
import { useProtocolStore } from './protocol-store.fixture';

/**
 * Subscriptions across reconnects and unusual logs, over the KurrentDB protocol test server —
 * not KurrentDB: every connection dropped mid-stream, a long run of system events the server
 * filters out, and a legacy transaction whose events share one commit position.
 */
const env = useProtocolStore({
  logger: { warn: () => undefined },
  backoff: { initialDelayMs: 10, maxDelayMs: 50, factor: 2 },
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

it('delivers every event once, in order, when all connections drop between appends', async () => {
  const streams = [newStream(), newStream()];
  const subscription = env.store.subscribe({ after: await env.store.headPosition() });
  try {
    const received = take(subscription, 8, streams);
    const written = [];
    for (const [round, stream] of [...streams, ...streams].entries()) {
      written.push(...(await env.store.append(stream, events(round * 2, 2), 'any')).events);
      env.server.dropAllConnections();
    }
    expect((await received).map((e) => e.id)).toEqual(written.map((e) => e.id));
  } finally {
    await subscription.close();
  }
});

it('resumes after the system events it was told it passed (checkpoints), not before them', async () => {
  const stream = newStream();
  const subscription = env.store.subscribe({ after: await env.store.headPosition() });
  try {
    const first = take(subscription, 1, [stream]);
    const [own] = (await env.store.append(stream, events(1, 1), 'no-stream')).events;
    expect((await first)[0].id).toBe(own.id);
    const checkpoints = env.server.reads.checkpointsSent;
    // More than one checkpoint interval (32 windows of 32) of events the filter drops.
    for (let i = 0; i < 1100; i++)
      env.server.writer.writeSystem('$stats-test', '$statsCollected', {});
    env.server.log.notify();
    await until(() => env.server.reads.checkpointsSent > checkpoints);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the checkpoint crosses the wire
    const starts = env.server.reads.subscriptionStarts.length;
    // The subscription reconnects when it is next read from (it holds no read open before).
    const next = take(subscription, 1, [stream]);
    env.server.dropAllConnections();
    await until(() => env.server.reads.subscriptionStarts.length > starts);
    const resumedAt = env.server.reads.subscriptionStarts[starts].getPosition();
    expect(BigInt(resumedAt?.getCommitPosition() ?? '0')).toBeGreaterThan(own.position);
    const [second] = (await env.store.append(stream, events(2, 1), 1)).events;
    expect((await next).map((e) => e.id)).toEqual([second.id]);
  } finally {
    await subscription.close();
  }
});

it('delivers all events of a legacy transaction that share one commit position', async () => {
  const stream = newStream();
  const prepared = prepareAppend(stream, events(1, 3), 'no-stream');
  const chained = chainEvents(
    stream,
    prepared,
    { version: 0, hash: null },
    new Date().toISOString(),
  );
  const subscription = env.store.subscribe({ after: await env.store.headPosition() });
  try {
    const received = take(subscription, 3, [stream]);
    const written = env.server.writer.writeLegacyTransaction(
      stream,
      chained.map(toEventData).map((event) => ({
        id: event.id as string,
        type: event.type,
        contentType: 'application/json',
        data: Buffer.from(JSON.stringify(event.data)),
        customMetadata: Buffer.from(JSON.stringify(event.metadata)),
      })),
    );
    expect(new Set(written.map((event) => event.commit)).size).toBe(1);
    const delivered = await received;
    expect(delivered.map((e) => e.version)).toEqual([1, 2, 3]);
    expect(verifyStreamChain(delivered)).toBeNull();
  } finally {
    await subscription.close();
  }
}, 10_000);
