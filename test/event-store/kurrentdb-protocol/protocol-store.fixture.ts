import {
  KurrentDbEventStore,
  type KurrentDbEventStoreOptions,
} from '../../../src/event-store/kurrentdb/kurrentdb-event-store';
import { KurrentDbTestServer } from '../../support/kurrentdb-protocol/kurrentdb-test-server';

export interface ProtocolStore {
  readonly server: KurrentDbTestServer;
  readonly store: KurrentDbEventStore;
}

/**
 * One KurrentDB protocol test server — not KurrentDB — and our adapter connected to it, for the
 * whole test file: started before its tests, closed after them.
 */
export function useProtocolStore(options?: KurrentDbEventStoreOptions): ProtocolStore {
  let server: KurrentDbTestServer | undefined;
  let store: KurrentDbEventStore | undefined;
  beforeAll(async () => {
    server = await KurrentDbTestServer.start();
    store = KurrentDbEventStore.connect(server.connectionString, options);
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error('the protocol test server is not started yet');
      return server;
    },
    get store() {
      if (!store) throw new Error('the protocol test store is not connected yet');
      return store;
    },
  };
}
