import { randomUUID } from 'node:crypto';
import { EventStoreValidationError } from '../../src/event-store/event-store.errors';
import type { EventStore } from '../../src/event-store/event-store.port';
import { event, newStream, rejection } from './contract-helpers';

/** Validation part of the EventStore contract: bad input is a typed error naming the field, and writes nothing. */
export function describeValidationContract(context: { store: () => EventStore }): void {
  describe('validation', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const bad: ReadonlyArray<[string, string, (s: string) => [string, unknown[], unknown]]> = [
      ['an empty event list', 'events', (s) => [s, [], 'any']],
      ['an empty stream name', 'stream', () => ['', [event(1)], 'any']],
      ['a stream name over 256 characters', 'stream', () => ['s'.repeat(257), [event(1)], 'any']],
      ['a control character in the stream name', 'stream', (s) => [`${s}\n`, [event(1)], 'any']],
      ['a negative expected version', 'expected', (s) => [s, [event(1)], -1]],
      ['a fractional expected version', 'expected', (s) => [s, [event(1)], 1.5]],
      ['an empty type', 'events[0].type', (s) => [s, [{ ...event(1), type: '' }], 'any']],
      ['an id that is not a UUID', 'events[0].id', (s) => [s, [{ ...event(1), id: 'x' }], 'any']],
      [
        'a function in data',
        'events[0].data.f',
        (s) => [s, [{ type: 'T', data: { f: () => 1 } }], 'any'],
      ],
      ['a bigint in data', 'events[0].data.n', (s) => [s, [{ type: 'T', data: { n: 1n } }], 'any']],
      [
        'NaN in data',
        'events[0].data.x.0',
        (s) => [s, [{ type: 'T', data: { x: { 0: NaN } } }], 'any'],
      ],
      [
        'undefined in data',
        'events[0].data.u[1]',
        (s) => [s, [{ type: 'T', data: { u: [1, undefined] } }], 'any'],
      ],
      [
        'a lone surrogate in data (RFC 8785 cannot hash it)',
        'events[0].data.t',
        (s) => [s, [{ type: 'T', data: { t: 'x \ud800' } }], 'any'],
      ],
      [
        'a NUL in a data key',
        'events[0].data.k\u0000',
        (s) => [s, [{ type: 'T', data: { 'k\u0000': 1 } }], 'any'],
      ],
      ['missing data', 'events[0].data', (s) => [s, [{ type: 'T', data: undefined }], 'any']],
      ['a cycle in data', 'events[0].data.self', (s) => [s, [{ type: 'T', data: cyclic }], 'any']],
      [
        'a bad second event',
        'events[1].data.d',
        (s) => [s, [event(1), { type: 'T', data: { d: new Date() } }], 'any'],
      ],
      [
        'the same id twice',
        'events[1].id',
        (s) => {
          const id = randomUUID();
          return [
            s,
            [
              { ...event(1), id },
              { ...event(2), id },
            ],
            'any',
          ];
        },
      ],
    ];

    it.each(bad)('rejects %s naming %s, and writes nothing', async (_label, field, build) => {
      const store = context.store();
      const stream = newStream();
      const start = await store.headPosition();
      const [target, list, expected] = build(stream);
      const append = store.append as (s: string, e: unknown[], x: unknown) => Promise<unknown>;
      const error = await rejection(append.call(store, target, list, expected));
      expect(error).toBeInstanceOf(EventStoreValidationError);
      expect(error).toMatchObject({ field });
      expect(await store.readStream(stream)).toEqual([]);
      const after = await store.readAll({ after: start });
      expect(after.filter((e) => e.stream === stream || e.stream === target)).toEqual([]);
    });
  });
}
