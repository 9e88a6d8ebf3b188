import { verifyStreamChain } from '../../../src/event-store/hash-chain';
import { event, newStream } from '../contract-helpers';
import { useProtocolStore } from './protocol-store.fixture';

/**
 * Appends to one stream issued concurrently, over the KurrentDB protocol test server — not
 * KurrentDB. Each append reads the head and writes at that exact revision; unordered, a later
 * `any` took the revision an earlier `no-stream` was called for, and that one failed.
 */
const env = useProtocolStore();

it('runs 50 concurrent appends to one stream in call order, all succeeding', async () => {
  const stream = newStream();
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      env.store.append(stream, [event(i)], i === 0 ? 'no-stream' : 'any'),
    ),
  );
  expect(results.map((result) => result.firstVersion)).toEqual(
    Array.from({ length: 50 }, (_, i) => i + 1),
  );
  const stored = await env.store.readStream(stream);
  expect(stored.map((e) => e.data.n)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  expect(verifyStreamChain(stored)).toBeNull();
});

it('lets a no-stream append called before an any append win', async () => {
  const stream = newStream();
  const [first, second] = await Promise.all([
    env.store.append(stream, [event(1), event(2)], 'no-stream'),
    env.store.append(stream, [event(3)], 'any'),
  ]);
  expect(first).toMatchObject({ firstVersion: 1, lastVersion: 2 });
  expect(second).toMatchObject({ firstVersion: 3, lastVersion: 3 });
});
