import type { RecordedEvent as KurrentRecordedEvent } from '@kurrent/kurrentdb-client';
import type { RecordedEvent } from '../../../src/event-store/event-store.port';
import {
  ForeignEventError,
  fromKurrentEvent,
  toEventData,
} from '../../../src/event-store/kurrentdb/event-mapping';
import { computeEventHash } from '../../../src/event-store/hash-chain';

function ourEvent(overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  const base = {
    id: '01890a5d-ac96-774b-bcce-b302099a8057',
    stream: 'item-1',
    version: 3,
    type: 'SanctionImposed',
    schemaVersion: 2,
    data: { headline: 'EO 14114', nested: { list: [1, 'a'] } },
    metadata: {
      recordedAt: '2026-01-02T03:04:05.678Z',
      recordedBy: 'analyst',
      correlationId: 'corr-1',
      causationId: null,
      extra: { assertedRecordedAt: '2024-04-12' },
    },
    prevHash: 'a'.repeat(64),
    ...overrides,
  };
  return { ...base, position: 987654321987654321n, hash: computeEventHash(base) };
}

/** What the client hands back after a round trip through the server (JSON re-parsed). */
function asStored(event: RecordedEvent): KurrentRecordedEvent {
  const data = toEventData(event);
  return {
    streamId: event.stream,
    id: data.id,
    isJson: true,
    revision: BigInt(event.version - 1),
    type: data.type,
    created: new Date(),
    data: JSON.parse(JSON.stringify(data.data)),
    metadata: JSON.parse(JSON.stringify(data.metadata)),
    position: { commit: event.position, prepare: event.position },
  } as KurrentRecordedEvent;
}

describe('KurrentDB event mapping', () => {
  it('round-trips every field, keeping the hash valid', () => {
    const event = ourEvent();
    const back = fromKurrentEvent(asStored(event));
    expect(back).toEqual(event);
    expect(computeEventHash(back)).toBe(event.hash);
  });

  it('uses our id, type and JSON content type on the KurrentDB side', () => {
    const data = toEventData(ourEvent());
    expect(data).toMatchObject({
      id: '01890a5d-ac96-774b-bcce-b302099a8057',
      type: 'SanctionImposed',
      contentType: 'application/json',
    });
  });

  it('adds KurrentDB’s $correlationId/$causationId only when present', () => {
    const metadata = toEventData(ourEvent()).metadata as Record<string, unknown>;
    expect(metadata).toMatchObject({ $correlationId: 'corr-1', correlationId: 'corr-1' });
    expect(metadata).not.toHaveProperty('$causationId');
  });

  it('omits extra when absent, so the stored form hashes like the original', () => {
    const event = ourEvent({
      metadata: { recordedAt: 'x', recordedBy: null, correlationId: null, causationId: null },
      prevHash: null,
      version: 1,
    });
    const back = fromKurrentEvent(asStored(event));
    expect(back.metadata).not.toHaveProperty('extra');
    expect(back).toEqual(event);
  });

  it('refuses events written by something else instead of skipping them', () => {
    const foreign = { ...asStored(ourEvent()), metadata: { some: 'thing' } };
    expect(() => fromKurrentEvent(foreign as KurrentRecordedEvent)).toThrow(ForeignEventError);
    const binary = { ...asStored(ourEvent()), isJson: false, data: new Uint8Array([1]) };
    expect(() => fromKurrentEvent(binary as KurrentRecordedEvent)).toThrow(/item-1@2/);
  });
});
