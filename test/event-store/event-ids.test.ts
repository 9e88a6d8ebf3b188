import { validate, version } from 'uuid';
import { newEventId } from '../../src/event-store/event-ids';

describe('newEventId', () => {
  it('makes valid, unique UUIDv7s that sort in creation order', () => {
    const ids = Array.from({ length: 20000 }, () => newEventId());
    for (const id of ids) {
      expect(validate(id) && version(id) === 7).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('carries the current time in its first 48 bits', () => {
    const before = Date.now();
    const id = newEventId();
    const msecs = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(msecs).toBeGreaterThanOrEqual(before);
    expect(msecs).toBeLessThanOrEqual(Date.now() + 1);
  });
});
