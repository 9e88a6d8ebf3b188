import { randomUUID } from 'node:crypto';
import { event, events, newStream } from '../contract-helpers';
import { useProtocolStore } from './protocol-store.fixture';

/**
 * What a retried append gets, per expected state, when the original is older than the adapter's
 * look-back window (the stream's last 100 events), over the KurrentDB protocol test server — not
 * KurrentDB. The README states the same, line by line.
 */
const env = useProtocolStore();

const withId = (n: number) => ({ ...event(n), id: randomUUID() });

it.each(['no-stream', 3] as const)(
  'recognises a retry with expected %s at any age: it looks where the original would be',
  async (expected) => {
    const stream = newStream();
    if (expected === 3) await env.store.append(stream, events(1, 3), 'no-stream');
    const batch = [withId(0)];
    const original = await env.store.append(stream, batch, expected);
    await env.store.append(stream, events(10, 150), 'any');
    const retry = await env.store.append(stream, batch, expected);
    expect(retry).toEqual(original);
    expect(await env.store.readStream(stream)).toHaveLength(original.lastVersion + 150);
  },
);

it('recognises a retry with expected any only within the last 100 events of the stream', async () => {
  const stream = newStream();
  const batch = [withId(1)];
  const recent = await env.store.append(stream, batch, 'any');
  await env.store.append(stream, events(2, 99), 'any');
  expect(await env.store.append(stream, batch, 'any')).toEqual(recent);
  await env.store.append(stream, events(200, 1), 'any');
  // Now 101 events back: outside the window, the retry is written again, as a new event.
  const again = await env.store.append(stream, batch, 'any');
  expect(again.firstVersion).toBe(102);
  expect(
    (await env.store.readStream(stream)).filter((e) => e.id === recent.events[0].id),
  ).toHaveLength(2);
});
