import * as grpc from '@grpc/grpc-js';
import { createServer, type Server as NetServer, type Socket, connect } from 'node:net';
import { GossipService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/gossip_grpc_pb';
import {
  ClusterInfo,
  EndPoint,
  MemberInfo,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/gossip_pb';
import { ServerFeaturesService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb';
import {
  SupportedMethod,
  SupportedMethods,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb';
import { StreamsService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb';
import { appendHandler, batchAppendHandler } from './append-handlers';
import { RecentEventIds } from './commit-check';
import { uuidOf } from './protocol-messages';
import { readHandler, type ReadObserver } from './read-handler';
import { StreamWriter } from './stream-writer';
import { TransactionLog } from './transaction-log';

/**
 * KurrentDB protocol test server — not KurrentDB. An in-process gRPC server speaking the v1
 * protocol of @kurrent/kurrentdb-client 1.3.1 (ServerFeatures, Gossip, Streams Read / Append /
 * BatchAppend), reached through a TCP relay so a test can drop every connection at once.
 * Both of the client's connections reach it unmodified: grpc-js (appends, subscriptions) and the
 * native @kurrent/bridge (reads). It models a single node in memory: no cluster, TLS, ACLs,
 * scavenging, durability or real timing.
 */
export interface KurrentDbTestServerOptions {
  /** Size of the recent committed-event-id cache that `any` appends are deduplicated against. */
  readonly recentIdCapacity?: number;
}

/** ServerFeatures.cs lists every client method, lowercased, with these features. */
const SUPPORTED = [
  ['event_store.client.streams.streams', 'read', ['position', 'events']],
  ['event_store.client.streams.streams', 'append', []],
  ['event_store.client.streams.streams', 'batchappend', ['deadline_duration']],
  ['event_store.client.server_features.serverfeatures', 'getsupportedmethods', []],
  ['event_store.client.gossip.gossip', 'read', []],
] as const;

export class KurrentDbTestServer {
  readonly log = new TransactionLog();
  readonly recentIds: RecentEventIds;
  readonly writer: StreamWriter;
  readonly reads: ReadObserver = {
    subscriptionStarts: [],
    readStarts: [],
    checkpointsSent: 0,
  };
  private readonly grpcServer = new grpc.Server();
  private relay: NetServer | undefined;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  private constructor(options: KurrentDbTestServerOptions) {
    this.recentIds = new RecentEventIds(options.recentIdCapacity ?? 10_000);
    this.writer = new StreamWriter(this.log, this.recentIds);
    // A fresh database starts with an epoch record and the server's own first events.
    this.log.writeGap();
    this.writer.writeSystem('$users', '$UserCreated', { loginName: 'admin' });
    this.writer.writeSystem('$scavenges', '$scavengeIndexInitialized', {});
  }

  static async start(options: KurrentDbTestServerOptions = {}): Promise<KurrentDbTestServer> {
    const server = new KurrentDbTestServer(options);
    await server.listen();
    return server;
  }

  /** kurrentdb://127.0.0.1:<relay port>?tls=false */
  get connectionString(): string {
    return `kurrentdb://127.0.0.1:${this.port}?tls=false`;
  }

  /** Client connections open now (each relayed connection is a client and a backend socket). */
  get openConnections(): number {
    return this.sockets.size / 2;
  }

  /** Cuts every client connection, as a network failure or node restart would. */
  dropAllConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  /** A restart keeps the log but, like KurrentDB, forgets the in-memory recent-id cache. */
  restart(): void {
    this.dropAllConnections();
    this.recentIds.forget();
  }

  async stop(): Promise<void> {
    this.dropAllConnections();
    await new Promise<void>((resolve) => this.relay?.close(() => resolve()) ?? resolve());
    this.grpcServer.forceShutdown();
  }

  private async listen(): Promise<void> {
    this.grpcServer.addService(ServerFeaturesService, {
      getSupportedMethods: (_call: unknown, callback: grpc.sendUnaryData<SupportedMethods>) => {
        const methods = SUPPORTED.map(([service, method, features]) =>
          new SupportedMethod()
            .setServiceName(service)
            .setMethodName(method)
            .setFeaturesList([...features]),
        );
        callback(
          null,
          new SupportedMethods().setEventStoreServerVersion('25.0.0').setMethodsList(methods),
        );
      },
    });
    this.grpcServer.addService(GossipService, {
      read: (_call: unknown, callback: grpc.sendUnaryData<ClusterInfo>) => {
        const endpoint = new EndPoint().setAddress('127.0.0.1').setPort(this.port);
        const leader = new MemberInfo()
          .setInstanceId(uuidOf('00000000-0000-4000-8000-000000000001'))
          .setState(MemberInfo.VNodeState.LEADER)
          .setIsAlive(true)
          .setHttpEndPoint(endpoint);
        callback(null, new ClusterInfo().setMembersList([leader]));
      },
    });
    this.grpcServer.addService(StreamsService, {
      read: readHandler(this.log, this.reads),
      append: appendHandler(this.writer),
      batchAppend: batchAppendHandler(this.writer),
    } as unknown as grpc.UntypedServiceImplementation);
    const backendPort = await new Promise<number>((resolve, reject) =>
      this.grpcServer.bindAsync(
        '127.0.0.1:0',
        grpc.ServerCredentials.createInsecure(),
        (error, port) => (error ? reject(error) : resolve(port)),
      ),
    );
    this.relay = createServer((client) => {
      const backend = connect(backendPort, '127.0.0.1');
      this.sockets.add(client).add(backend);
      // No Nagle delay in the relay: the real server is reached without one.
      client.setNoDelay(true);
      backend.setNoDelay(true);
      const close = () => {
        client.destroy();
        backend.destroy();
        this.sockets.delete(client);
        this.sockets.delete(backend);
      };
      client.on('error', close).on('close', close).pipe(backend);
      backend.on('error', close).on('close', close).pipe(client);
    });
    await new Promise<void>((resolve) => this.relay?.listen(0, '127.0.0.1', resolve));
    const address = this.relay.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
  }
}
