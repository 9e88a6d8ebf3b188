import type * as grpc from '@grpc/grpc-js';
import type {
  ReadReq,
  ReadResp,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import type { LogEvent } from './transaction-log';

/**
 * KurrentDB protocol test server — not KurrentDB. $all filters and the back-pressured writer the
 * read services share.
 *
 * A filter matches on the event type or the stream name, by regex or by prefixes
 * (src/KurrentDB.Core/Services/Transport/Grpc/Streams.Read.cs ConvertToEventFilter,
 * src/KurrentDB.Core/Util/EventFilter.cs). `max` is the search window and, times the
 * checkpoint interval multiplier, how many considered events a checkpoint is sent after.
 */
export interface CompiledFilter {
  matches(event: LogEvent): boolean;
  readonly checkpointInterval: number;
}

const MATCH_ALL: CompiledFilter = { matches: () => true, checkpointInterval: 0 };
/** The server's DefaultReadBatchSize, the search window when the client sends `count`. */
const DEFAULT_SEARCH_WINDOW = 32;

export function compileFilter(options: ReadReq.Options): CompiledFilter {
  if (!options.hasFilter()) return MATCH_ALL;
  const filter = options.getFilter() as ReadReq.Options.FilterOptions;
  const onType = filter.hasEventType();
  const expression = (onType ? filter.getEventType() : filter.getStreamIdentifier()) as
    ReadReq.Options.FilterOptions.Expression | undefined;
  const regex = expression?.getRegex() ? new RegExp(expression.getRegex()) : null;
  const prefixes = expression?.getPrefixList() ?? [];
  const window = filter.hasMax() ? filter.getMax() : DEFAULT_SEARCH_WINDOW;
  return {
    matches(event) {
      const subject = onType ? event.type : event.stream;
      if (regex !== null) return regex.test(subject);
      return prefixes.length === 0 || prefixes.some((prefix) => subject.startsWith(prefix));
    },
    checkpointInterval: window * Math.max(1, filter.getCheckpointintervalmultiplier()),
  };
}

/**
 * Writes honouring HTTP/2 flow control: when the client stops reading, the call's buffer fills,
 * write() returns false, and the sender waits for 'drain' (as Kestrel blocks the server's
 * response stream). A reader that abandons a read without cancelling it holds its window.
 */
export class FlowControlledWriter {
  private cancelled = false;

  constructor(private readonly call: grpc.ServerWritableStream<ReadReq, ReadResp>) {
    call.on('cancelled', () => (this.cancelled = true));
    call.on('close', () => (this.cancelled = true));
  }

  /** Runs `listener` once the client cancels or the connection drops. */
  onCancel(listener: () => void): void {
    if (this.isCancelled) return listener();
    this.call.once('cancelled', listener);
    this.call.once('close', listener);
  }

  get isCancelled(): boolean {
    return this.cancelled || this.call.cancelled || this.call.destroyed;
  }

  async write(message: ReadResp): Promise<boolean> {
    if (this.isCancelled) return false;
    if (this.call.write(message)) return true;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.call.off('drain', done);
        this.call.off('close', done);
        resolve();
      };
      this.call.on('drain', done);
      this.call.on('close', done);
    });
    return !this.isCancelled;
  }
}
