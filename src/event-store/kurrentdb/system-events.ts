import { excludeSystemEvents, streamNameFilter, type Filter } from '@kurrent/kurrentdb-client';

/**
 * KurrentDB keeps its own bookkeeping ($statsCollected, $metadata, projection state, link events
 * `$>`) in the same log as ours. The server-side filter drops `$`-typed events before they cross
 * the network; `isOwnEvent` is the client-side guard for the rest (events in `$`-prefixed system
 * streams, which the event-type filter cannot see), so readers only ever meet our events.
 */
export const SYSTEM_PREFIX = '$';

/**
 * The server sends a checkpoint every 32 search windows of considered events, keeping a
 * subscription's position moving when only system events are written. The client drops
 * checkpoints unless `checkpointReached` is given, so subscriptions pass one.
 */
export function userEventsFilter(checkpointReached?: CheckpointReached): Filter {
  return excludeSystemEvents({
    checkpointInterval: 32,
    ...(checkpointReached === undefined ? {} : { checkpointReached }),
  });
}

type CheckpointReached = (
  subscription: unknown,
  position: { commit: bigint; prepare: bigint },
) => Promise<void>;

/**
 * Events outside `$` streams, filtered by the server. For looking back from the head: KurrentDB
 * writes projection results (`$projections-*-result`, type Result) and other events whose type
 * has no `$`, so a type filter lets them through and a backwards read pages through all of them.
 */
export function userStreamsFilter(): Filter {
  return streamNameFilter({ regex: '^[^$]' });
}

export function isOwnEvent(stream: string, type: string): boolean {
  return !stream.startsWith(SYSTEM_PREFIX) && !type.startsWith(SYSTEM_PREFIX);
}

/** Our streams never start with `$`: in KurrentDB that prefix means "system stream". */
export function isSystemStreamName(stream: string): boolean {
  return stream.startsWith(SYSTEM_PREFIX);
}
