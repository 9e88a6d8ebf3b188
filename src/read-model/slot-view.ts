import type { ProjectionFailure, RunnerState } from './projection-runner';

/** What the service reports of one runner (a generation being followed or built). */
export interface RunnerView {
  readonly state: RunnerState;
  readonly checkpoint: bigint;
  readonly failure: ProjectionFailure | null;
}

/**
 * One named projection as the queries and the admin endpoints see it: the generation that
 * answers, and a side-by-side rebuild if one runs. A ProjectionSlot is one (in this thread); a
 * SlotMirror is one for a slot run by the projection thread.
 */
export interface SlotView {
  readonly name: string;
  readonly activeGen: number;
  readonly activeVersion: number;
  /** The version of the projection code (what a rebuild produces). */
  readonly storageVersion: number;
  readonly active: RunnerView;
  readonly building: RunnerView | null;
  rebuild(): void;
}

/** A SlotView as plain data, posted by the projection thread after every change. */
export type SlotSnapshot = Omit<SlotView, 'rebuild'>;

const runnerView = ({ state, checkpoint, failure }: RunnerView): RunnerView => ({
  state,
  checkpoint,
  failure,
});

export function snapshotOf(slot: SlotView): SlotSnapshot {
  return {
    name: slot.name,
    activeGen: slot.activeGen,
    activeVersion: slot.activeVersion,
    storageVersion: slot.storageVersion,
    active: runnerView(slot.active),
    building: slot.building ? runnerView(slot.building) : null,
  };
}

/**
 * The main thread's copy of a slot the projection thread runs, updated in place from its
 * snapshots. A rebuild asked for here shows at once, as a rebuild from position 0, until the
 * thread's next snapshot that has seen the request.
 */
export class SlotMirror implements SlotView {
  activeGen = 0;
  activeVersion = 0;
  storageVersion = 0;
  active: RunnerView = { state: 'catching-up', checkpoint: 0n, failure: null };
  building: RunnerView | null = null;

  constructor(
    readonly name: string,
    private readonly requestRebuild: (name: string) => void,
  ) {}

  apply(snapshot: SlotSnapshot, rebuildPending: boolean): void {
    this.activeGen = snapshot.activeGen;
    this.activeVersion = snapshot.activeVersion;
    this.storageVersion = snapshot.storageVersion;
    this.active = snapshot.active;
    if (!rebuildPending || snapshot.building) this.building = snapshot.building;
  }

  rebuild(): void {
    this.building = { state: 'catching-up', checkpoint: 0n, failure: null };
    this.requestRebuild(this.name);
  }
}
