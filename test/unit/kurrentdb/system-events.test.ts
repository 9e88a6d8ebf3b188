import { EVENT_TYPE } from '@kurrent/kurrentdb-client';
import {
  isOwnEvent,
  isSystemStreamName,
  userEventsFilter,
} from '../../../src/event-store/kurrentdb/system-events';

describe('system event filtering', () => {
  it('asks the server to drop $-typed events', () => {
    const filter = userEventsFilter();
    expect(filter.filterOn).toBe(EVENT_TYPE);
    expect('regex' in filter && filter.regex).toBe('^[^$].*');
    const regex = new RegExp('regex' in filter ? filter.regex : '');
    expect(regex.test('SanctionImposed')).toBe(true);
    expect(regex.test('$statsCollected')).toBe(false);
    expect(regex.test('$>')).toBe(false);
    expect(filter.checkpointInterval).toBeGreaterThan(0);
  });

  it('keeps only our events client-side as well', () => {
    expect(isOwnEvent('item-1', 'SanctionImposed')).toBe(true);
    expect(isOwnEvent('$settings', 'Settings')).toBe(false);
    expect(isOwnEvent('item-1', '$metadata')).toBe(false);
  });

  it('recognises system stream names', () => {
    expect(isSystemStreamName('$all')).toBe(true);
    expect(isSystemStreamName('item-$')).toBe(false);
  });
});
