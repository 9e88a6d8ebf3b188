import { KurrentDbEventStore } from '../../src/event-store/kurrentdb/kurrentdb-event-store';
import { KurrentDbTestServer } from '../support/kurrentdb-protocol/kurrentdb-test-server';
import { describeEventStoreContract } from './event-store.contract';

/**
 * The shared EventStore contract on the KurrentDB adapter over the KurrentDB protocol test
 * server — not KurrentDB: the unmodified official client (grpc-js and the native bridge) talks
 * to an in-process server speaking KurrentDB's v1 gRPC protocol. Runs on every machine; the run
 * against a real server (kurrentdb.contract.test.ts) stays the release check.
 */
let server: KurrentDbTestServer;
beforeAll(async () => {
  server = await KurrentDbTestServer.start();
});
afterAll(async () => {
  await server.stop();
});

describeEventStoreContract(
  'KurrentDB adapter over the KurrentDB protocol test server — not KurrentDB',
  async () => {
    const store = KurrentDbEventStore.connect(server.connectionString, {
      logger: { warn: (message) => process.stderr.write(`${message}\n`) },
    });
    return { store, cleanup: () => store.close() };
  },
  { detectsIdReuseAcrossStreams: false },
);
