import { SingleBar, Presets } from 'cli-progress';

/** Timing and reporting helpers for the store benchmark (kept apart so the scenarios read plainly). */

export interface Measurement {
  readonly operations: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly latenciesMs: readonly number[];
}

/** A progress bar over wall-clock time, on stderr so the table on stdout stays clean. */
export function timeBar(label: string, seconds: number): { tick(): void; stop(): void } {
  const bar = new SingleBar(
    { format: `${label.padEnd(44)} {bar} {percentage}% | {ops} ops`, hideCursor: true },
    Presets.shades_classic,
  );
  const start = performance.now();
  let ops = 0;
  bar.start(100, 0, { ops: 0 });
  const timer = setInterval(() => {
    const done = Math.min(100, ((performance.now() - start) / 1000 / seconds) * 100);
    bar.update(Math.round(done), { ops });
  }, 100);
  return {
    tick: () => void (ops += 1),
    stop: () => {
      clearInterval(timer);
      bar.update(100, { ops });
      bar.stop();
    },
  };
}

/** Runs `callers` loops of `operation` until `seconds` have passed; counts completed operations. */
export async function runFor(
  label: string,
  seconds: number,
  callers: number,
  operation: (caller: number, iteration: number) => Promise<number> | number,
): Promise<Measurement> {
  const bar = timeBar(label, seconds);
  const deadline = performance.now() + seconds * 1000;
  const latenciesMs: number[] = [];
  let operations = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      for (let iteration = 0; performance.now() < deadline; iteration++) {
        const began = performance.now();
        const done = await operation(caller, iteration);
        operations += done;
        latenciesMs.push(performance.now() - began);
        bar.tick();
        // A synchronous operation never yields; let the progress timer run now and then.
        if (iteration % 2048 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    }),
  );
  const seconds_ = (performance.now() - start) / 1000;
  bar.stop();
  return { operations, seconds: seconds_, perSecond: operations / seconds_, latenciesMs };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const rate = (n: number): string => Math.round(n).toLocaleString('en-US');
export const ms = (n: number): string => `${n.toFixed(2)} ms`;

/** A fixed-width text table (the README copies it verbatim inside a code block). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? ':' : '-') + '-'.repeat(w) + (i === 0 ? '-' : ':')).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** A policy-event-sized payload (~350 bytes of JSON), varied per call so nothing is cached. */
export function samplePayload(caller: number, iteration: number) {
  return {
    headline: `US warns Chinese banks over support for Russia's war industry (${caller}/${iteration})`,
    summary:
      'Secretary Yellen said banks facilitating transactions for Russia’s military-industrial base risk sanctions.',
    occurred: { edtf: '2024-04-08', asStated: 'on Monday' },
    actors: [{ id: 'entity-us-treasury', nameAsCited: 'U.S. Treasury' }],
    targets: [{ id: 'entity-cn-banks', nameAsCited: 'Chinese banks' }],
    countries: ['US', 'CN', 'RU'],
    topics: ['sanctions', 'finance'],
    confidence: 'high',
  };
}
