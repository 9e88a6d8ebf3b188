import { KurrentDbEventStore, type KurrentDbEventStoreOptions } from './kurrentdb-event-store';

export class KurrentDbConnectionStringError extends Error {
  override readonly name = 'KurrentDbConnectionStringError';
}

/**
 * Opens the KurrentDB adapter for EVENT_STORE=kurrentdb. Connecting is lazy (the client dials on
 * first use, and /health/ready reports reachability), but a missing or malformed connection
 * string is a configuration mistake and stops start-up with a message naming the variable.
 */
export function openKurrentDbEventStore(
  connectionString: string | null,
  options?: KurrentDbEventStoreOptions,
): KurrentDbEventStore {
  if (!connectionString) {
    throw new KurrentDbConnectionStringError(
      'EVENT_STORE=kurrentdb needs KURRENTDB_CONNECTION_STRING (e.g. kurrentdb://localhost:2113?tls=false)',
    );
  }
  try {
    return KurrentDbEventStore.connect(connectionString, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new KurrentDbConnectionStringError(
      `KURRENTDB_CONNECTION_STRING=${connectionString} is malformed: ${reason}`,
    );
  }
}
