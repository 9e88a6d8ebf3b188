import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';

/**
 * A separate process appending to a SQLite event store file, used by the cross-process
 * subscription test and the crash test. Every append is printed as one JSON line on stdout only
 * after the store acknowledged it, so a line on stdout means "this append was reported durable".
 *
 * Usage: node sqlite-appender.js <file> <stream-prefix> <callers> <appends-per-caller | forever>
 * Each caller owns the stream `<prefix>-<caller>` and appends 1-3 events per call.
 */
export interface AckLine {
  readonly stream: string;
  readonly firstVersion: number;
  readonly lastVersion: number;
  readonly ids: readonly string[];
  readonly position: string;
}

async function caller(store: SqliteEventStore, stream: string, appends: number): Promise<void> {
  let version = 0;
  for (let n = 0; n < appends; n++) {
    const batch = Array.from({ length: 1 + (n % 3) }, (_, i) => ({
      type: 'ProbeAppended',
      data: { stream, n, i, padding: 'x'.repeat(64) },
    }));
    const result = await store.append(stream, batch, version === 0 ? 'no-stream' : version);
    version = result.lastVersion;
    const ack: AckLine = {
      stream,
      firstVersion: result.firstVersion,
      lastVersion: result.lastVersion,
      ids: result.events.map((event) => event.id),
      position: String(result.position),
    };
    process.stdout.write(`${JSON.stringify(ack)}\n`);
  }
}

async function main(): Promise<void> {
  const [path, prefix, callersArg, appendsArg] = process.argv.slice(2);
  const callers = Number(callersArg);
  const appends = appendsArg === 'forever' ? Number.POSITIVE_INFINITY : Number(appendsArg);
  if (!path || !prefix || !Number.isInteger(callers) || !(appends > 0)) {
    throw new Error('usage: sqlite-appender <file> <stream-prefix> <callers> <appends|forever>');
  }
  const store = SqliteEventStore.open({ path });
  await Promise.all(
    Array.from({ length: callers }, (_, i) => caller(store, `${prefix}-${i}`, appends)),
  );
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
