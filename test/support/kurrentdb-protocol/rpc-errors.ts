import * as grpc from '@grpc/grpc-js';

/**
 * KurrentDB protocol test server — not KurrentDB. Call errors as
 * src/KurrentDB.Core/Services/Transport/Grpc/RpcExceptions.cs raises them: a status code, a
 * message, and the `exception` trailer the clients switch on (Grpc/Constants.cs).
 */
function rpcError(code: grpc.status, details: string, trailers: Record<string, string>) {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata });
}

export function streamDeletedError(stream: string) {
  return rpcError(grpc.status.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, {
    exception: 'stream-deleted',
    'stream-name': stream,
  });
}

/** RpcExceptions.InvalidPositionException: no exception trailer, only the status. */
export function invalidPositionError() {
  return rpcError(grpc.status.INVALID_ARGUMENT, 'Trying to read from an invalid position.', {});
}

export function invalidArgumentError(details: string) {
  return rpcError(grpc.status.INVALID_ARGUMENT, details, {});
}
