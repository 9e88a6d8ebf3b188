import { extname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Logger } from '@nestjs/common';
import { entityProjection, timelineItemProjection } from '../../projections';
import type { AppConfig } from '../config/app-config';
import { SlotMirror, type SlotSnapshot } from './slot-view';

/** Main thread → projection thread. */
export type ToProjectionThread =
  | { readonly type: 'rebuild'; readonly name: string }
  /** The main thread has applied snapshot `seq` (no query still uses an older generation). */
  | { readonly type: 'ack'; readonly seq: number }
  | { readonly type: 'stop' };

/** Projection thread → main thread. */
export type FromProjectionThread =
  | {
      readonly type: 'snapshot';
      readonly seq: number;
      /** How many commands (rebuilds) the thread has carried out. */
      readonly handled: number;
      readonly slots: readonly SlotSnapshot[];
    }
  | { readonly type: 'stopped' }
  /** A line the thread's code logged (the thread has no logger of its own). */
  | {
      readonly type: 'log';
      readonly level: ThreadLogLevel;
      readonly message: string;
      readonly context?: string;
    };

export type ThreadLogLevel = 'log' | 'warn' | 'error';

/**
 * Loads the worker entry next to this file: compiled JavaScript in a build. Started from the
 * TypeScript sources (tests, start:dev), the thread first loads the require hook that
 * TS_REGISTER_HOOK names, since a test runner's module system does not reach worker threads.
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
if (workerData.register) require(workerData.register);
require(workerData.entry);
`;

/**
 * Runs the projections on their own thread, so folding events and writing the read model (and
 * a rebuild's long catch-up) use the second core instead of the request thread. The thread owns
 * the read-model file as its only writer; this side mirrors each projection's state from the
 * thread's snapshots, and queries read the file through their own connection.
 */
export class ProjectionThread {
  readonly timeline: SlotMirror;
  readonly entities: SlotMirror;
  /** Resolves at the thread's first snapshot: its schema is in place and its runners started. */
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private readonly exited: Promise<unknown>;
  private sent = 0;
  private handled = 0;
  private stopping = false;
  private dead = false;
  private readonly logger = new Logger(ProjectionThread.name);

  constructor(config: AppConfig, onChange: () => void) {
    const request = (name: string) => this.post({ type: 'rebuild', name });
    this.timeline = new SlotMirror(timelineItemProjection.name, request);
    this.entities = new SlotMirror(entityProjection.name, request);
    const entry = join(__dirname, `projection-thread.worker${extname(__filename)}`);
    const hook = process.env.TS_REGISTER_HOOK;
    const register = entry.endsWith('.ts') && hook ? resolve(hook) : undefined;
    if (entry.endsWith('.ts') && !register) {
      throw new Error(
        'running from TypeScript sources: set TS_REGISTER_HOOK or PROJECTION_THREAD=false',
      );
    }
    this.worker = new Worker(BOOT, { eval: true, workerData: { entry, register, config } });
    this.exited = new Promise((resolve) => this.worker.once('exit', resolve));
    let started: () => void = () => {};
    let failedToStart: (error: Error) => void = () => {};
    this.ready = new Promise<void>((resolve, reject) => {
      started = resolve;
      failedToStart = reject;
    });
    // Awaited at bootstrap; a thread dying before that is not an unhandled rejection meanwhile.
    this.ready.catch(() => {});
    this.worker.on('message', (message: FromProjectionThread) => {
      if (message.type === 'log') {
        this.logger[message.level](message.message, message.context ?? 'ProjectionThread');
        return;
      }
      if (message.type !== 'snapshot') return;
      this.handled = message.handled;
      for (const snapshot of message.slots) {
        this.mirror(snapshot.name)?.apply(snapshot, this.handled < this.sent);
      }
      this.post({ type: 'ack', seq: message.seq });
      started();
      onChange();
    });
    // A thread that dies leaves the projections failed where they stood: the status, readiness
    // and metrics show it, and a restart of the service resumes from the checkpoints.
    const died = (error: Error) => {
      if (this.dead) return; // 'exit' follows 'error': keep the first reason
      this.dead = true;
      failedToStart(error);
      for (const slot of [this.timeline, this.entities]) {
        slot.active = {
          state: 'failed',
          checkpoint: slot.active.checkpoint,
          failure: {
            name: slot.name,
            position: (slot.active.checkpoint + 1n).toString(),
            eventType: '(projection thread)',
            error: error.message,
          },
        };
      }
      onChange();
    };
    this.worker.on('error', died);
    this.worker.on('exit', (code) => {
      if (!this.stopping) died(new Error(`the projection thread exited (code ${code})`));
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.post({ type: 'stop' });
    await this.exited;
  }

  private mirror(name: string): SlotMirror | undefined {
    return [this.timeline, this.entities].find((slot) => slot.name === name);
  }

  private post(message: ToProjectionThread): void {
    if (message.type === 'rebuild') this.sent += 1;
    this.worker.postMessage(message);
  }
}
