import { SingleBar, Presets } from 'cli-progress';

/**
 * Progress bars go to stderr so stdout stays clean for the command's result (JSON a script can
 * parse). cli-progress draws nothing when stderr is not a terminal, which keeps logs tidy.
 */
export function progressBar(format: string): SingleBar {
  return new SingleBar(
    { format, stream: process.stderr, hideCursor: true, clearOnComplete: false, etaBuffer: 50 },
    Presets.shades_classic,
  );
}

/** JSON with bigint positions as decimal strings, one result per command on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(
    `${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`,
  );
}
