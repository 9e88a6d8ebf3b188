import { Presets, SingleBar } from 'cli-progress';

/**
 * Timing and reporting helpers for the store benchmark. Scenarios run in interleaved slices
 * (A, B, C, A, B, C, ...) so that a noisy neighbour on a shared machine slows every scenario
 * alike instead of distorting one ratio; CPU time per event is reported too, as it depends far
 * less on other processes than wall-clock rates do.
 */
export interface Scenario {
  readonly label: string;
  readonly callers: number;
  /** One operation by `caller`; returns how many events it appended or decoded. */
  readonly operation: (caller: number) => Promise<number> | number;
}

export interface Measurement {
  readonly events: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly cpuMicrosPerEvent: number;
  readonly latenciesMs: readonly number[];
}

async function runSlice(
  scenario: Scenario,
  seconds: number,
  latenciesMs: number[],
  onEvents: (n: number) => void,
): Promise<{ events: number; seconds: number; cpuMicros: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const deadline = start + seconds * 1000;
  let events = 0;
  await Promise.all(
    Array.from({ length: scenario.callers }, async (_, caller) => {
      for (let i = 1; performance.now() < deadline; i++) {
        const began = performance.now();
        const done = await scenario.operation(caller);
        events += done;
        onEvents(done);
        latenciesMs.push(performance.now() - began);
        // A synchronous operation never yields; let the progress bar redraw now and then.
        if (i % 512 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return {
    events,
    seconds: (performance.now() - start) / 1000,
    cpuMicros: used.user + used.system,
  };
}

/** Runs every scenario for `secondsEach` in total, split into `rounds` interleaved slices. */
export async function interleave(
  title: string,
  scenarios: readonly Scenario[],
  secondsEach: number,
  rounds: number,
): Promise<Measurement[]> {
  const totals = scenarios.map(() => ({
    events: 0,
    seconds: 0,
    cpuMicros: 0,
    latenciesMs: [] as number[],
  }));
  const bar = new SingleBar(
    {
      format: `${title.padEnd(26)} {bar} {percentage}% | {scenario} | {events} events`,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    Presets.shades_classic,
  );
  const steps = rounds * scenarios.length;
  bar.start(steps, 0, { scenario: '', events: 0 });
  let events = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [index, scenario] of scenarios.entries()) {
      bar.update({ scenario: scenario.label });
      const total = totals[index];
      const slice = await runSlice(scenario, secondsEach / rounds, total.latenciesMs, (n) => {
        events += n;
        bar.update({ events });
      });
      total.events += slice.events;
      total.seconds += slice.seconds;
      total.cpuMicros += slice.cpuMicros;
      bar.increment();
    }
  }
  bar.stop();
  return totals.map((t) => ({
    events: t.events,
    seconds: t.seconds,
    perSecond: t.events / t.seconds,
    cpuMicrosPerEvent: t.cpuMicros / Math.max(1, t.events),
    latenciesMs: t.latenciesMs,
  }));
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const rate = (n: number): string => Math.round(n).toLocaleString('en-US');
export const latency = (m: Measurement): string =>
  `${percentile(m.latenciesMs, 50).toFixed(2)} / ${percentile(m.latenciesMs, 99).toFixed(2)} ms`;

/** A fixed-width Markdown table (the README copies it verbatim). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** A policy-event-sized payload (~450 bytes of JSON), varied per call so nothing is cached. */
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
