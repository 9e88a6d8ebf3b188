import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { MerkleFile } from '../../src/audit/merkle/merkle-file';
import { MerkleLog } from '../../src/audit/merkle/merkle-log.service';
import { consistencyPath, inclusionPath, rangeHash } from '../../src/audit/merkle/rfc9162';
import type { AppConfig } from '../../src/config/app-config';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store';
import {
  interleave,
  percentile,
  rate,
  samplePayload,
  table,
  type Scenario,
} from './store-bench-helpers';

/**
 * `npm run bench:merkle` — the verifiable log's costs (issue 21 goals: maintaining the tree costs
 * <= 10 % of append throughput at 64 callers; proofs at 1M events p99 <= 5 ms). Appends run on two
 * stores in interleaved slices, one followed by the Merkle follower in the same process, one not.
 * Then a tree of MERKLE_BENCH_LEAVES (default 1,000,000) leaves is built and proofs are timed.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const LEAVES = Number(process.env.MERKLE_BENCH_LEAVES ?? 1_000_000);
const PROOFS = 2000;
const dir = mkdtempSync(join(tmpdir(), 'bench-merkle-'));

function appends(store: SqliteEventStore, label: string): Scenario {
  const versions = new Array<number>(64).fill(0);
  return {
    label,
    callers: 64,
    operation: async (caller) => {
      const version = versions[caller]++;
      const data = samplePayload(caller, version);
      await store.append(`item-${caller}`, [{ type: 'SanctionThreatened', data }], version);
      return 1;
    },
  };
}

async function appendCost() {
  const bare = SqliteEventStore.open({ path: join(dir, 'bare.sqlite'), synchronous: 'FULL' });
  const followed = SqliteEventStore.open({
    path: join(dir, 'followed.sqlite'),
    synchronous: 'FULL',
  });
  const follower = new MerkleLog(followed, {
    eventStore: 'sqlite',
    sqlitePath: join(dir, 'followed.sqlite'),
    merklePath: join(dir, 'followed-merkle.sqlite'),
    auditSigningKeyFile: join(dir, 'key.pem'),
  } as AppConfig);
  await follower.onApplicationBootstrap();
  const [withoutTree, withTree] = await interleave(
    'appends',
    [appends(bare, 'store alone'), appends(followed, 'store + Merkle follower')],
    SECONDS,
    5,
  );
  // The follower must have kept up: its tree covers the store once the last batch lands.
  const head = Number(await followed.headPosition());
  for (let i = 0; i < 400 && follower.checkpoint().treeSize < head; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const covered = follower.checkpoint().treeSize;
  await follower.onApplicationShutdown();
  await bare.close();
  await followed.close();
  return { withoutTree, withTree, covered, head };
}

function buildTree() {
  const file = new MerkleFile(join(dir, 'large-merkle.sqlite'));
  const ids: string[] = [];
  const bar = new SingleBar(
    { format: 'tree {bar} {value}/{total} leaves', noTTYOutput: true, notTTYSchedule: 2000 },
    Presets.shades_classic,
  );
  bar.start(LEAVES, 0);
  const started = performance.now();
  for (let done = 0; done < LEAVES;) {
    const batch = Array.from({ length: Math.min(10_000, LEAVES - done) }, (_, i) => {
      const eventId = randomUUID();
      if ((done + i) % Math.ceil(LEAVES / PROOFS) === 0) ids.push(eventId);
      return {
        position: BigInt(done + i + 1),
        eventId,
        eventHash: createHash('sha256')
          .update(String(done + i))
          .digest('hex'),
      };
    });
    file.append(batch);
    done += batch.length;
    bar.update(done);
  }
  bar.stop();
  return { file, ids, leavesPerSecond: LEAVES / ((performance.now() - started) / 1000) };
}

function timed(runs: number, body: (i: number) => void): number[] {
  return Array.from({ length: runs }, (_, i) => {
    const began = performance.now();
    body(i);
    return performance.now() - began;
  });
}

async function main(): Promise<void> {
  const load = loadavg()[0];
  console.error(`bench:merkle: ${SECONDS} s per append scenario, ${LEAVES} leaves, in ${dir}`);
  const cost = await appendCost();
  const { file, ids, leavesPerSecond } = buildTree();
  const n = file.size;
  const inclusion = timed(ids.length, (i) => {
    const leaf = file.leafOfEvent(ids[i])!;
    inclusionPath(file.subtree, leaf.index, n);
  });
  const consistency = timed(PROOFS, (i) =>
    consistencyPath(file.subtree, 1 + ((i * 7919) % (n - 1)), n),
  );
  const roots = timed(200, () => rangeHash(file.subtree, 0, n));
  file.close();
  const ms = (values: number[]) =>
    `${percentile(values, 50).toFixed(3)} / ${percentile(values, 99).toFixed(3)} ms`;
  const ratio = cost.withTree.perSecond / cost.withoutTree.perSecond;
  console.log(
    `\nMerkle log benchmark, ${new Date().toISOString()}: Node ${process.version}, ${cpus().length} CPU(s), load ${load.toFixed(1)} -> ${loadavg()[0].toFixed(1)}\n`,
  );
  console.log(
    table(
      ['Measurement', 'Result', 'vs baseline'],
      [
        [
          'store append, 64 callers, alone (baseline)',
          `${rate(cost.withoutTree.perSecond)} /s`,
          '1.00×',
        ],
        [
          'store append, 64 callers, Merkle follower running',
          `${rate(cost.withTree.perSecond)} /s`,
          `${ratio.toFixed(2)}×`,
        ],
        [
          'CPU µs/event alone / with follower',
          `${cost.withoutTree.cpuMicrosPerEvent.toFixed(1)} / ${cost.withTree.cpuMicrosPerEvent.toFixed(1)}`,
          '',
        ],
        ['follower coverage at the end', `${cost.covered} of ${cost.head}`, ''],
        [
          `tree build, ${rate(n)} leaves (10,000 a transaction)`,
          `${rate(leavesPerSecond)} leaves/s`,
          '',
        ],
        [`inclusion proof by event id, p50 / p99 (${ids.length})`, ms(inclusion), ''],
        [`consistency proof, p50 / p99 (${PROOFS})`, ms(consistency), ''],
        ['root of the whole tree, p50 / p99 (200)', ms(roots), ''],
      ],
    ),
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
