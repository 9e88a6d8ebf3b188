import { Agent, get } from 'node:http';
import { Presets, SingleBar } from 'cli-progress';

/** A progress bar on a terminal; plain lines every 10 % when stderr is a log file. */
export function bar(
  label: string,
  total: number,
): { update(n: number): void; increment(): void; stop(): void } {
  if (process.stderr.isTTY) {
    const b = new SingleBar(
      { format: `${label.padEnd(28)} {bar} {percentage}% | {value}/{total}`, hideCursor: true },
      Presets.shades_classic,
    );
    b.start(total, 0);
    return { update: (n) => b.update(n), increment: () => b.increment(), stop: () => b.stop() };
  }
  let value = 0;
  let shown = -1;
  const show = () => {
    const tenth = Math.floor((value / Math.max(1, total)) * 10);
    if (tenth === shown) return;
    shown = tenth;
    process.stderr.write(`${label}: ${tenth * 10}% (${value}/${total})\n`);
  };
  show();
  return {
    update: (n) => ((value = n), show()),
    increment: () => ((value += 1), show()),
    stop: () => undefined,
  };
}
export const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
/** One GET over a kept-alive loopback connection; the body as text. */
export function fetchText(url: string): Promise<{ statusCode: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: keepAlive }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
      );
      res.on('error', reject);
    }).on('error', reject);
  });
}
export const pct = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.floor((p / 100) * values.length))
  ];
export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
