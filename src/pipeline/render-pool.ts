/**
 * Renders layouts on every core: a pool of worker threads (render-worker.ts), each of
 * which loads the renderers and fonts once. Renders in this thread instead when one core
 * is all there is, when PUBTABLE_WORKERS=0, or when dist/ has not been compiled. Tests run
 * src/ but their workers run dist/ (npm test compiles first); mutation testing sets
 * PUBTABLE_WORKERS=0 so that the code under test is the code that renders.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { serialize } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { FontFamily, LayoutDocument } from '../layout/types.js';
import type { RenderResult } from '../render/renderer.js';
import { rendererFor, type Format } from '../render/index.js';
import type { PrepareRequest, RenderRequest, RenderResponse, WarmRequest } from './render-worker.js';

/**
 * The compiled worker. From src/pipeline (tests) or dist/pipeline, two levels below the
 * package root, it is always dist's: a worker thread cannot load TypeScript.
 */
const WORKER = fileURLToPath(new URL('../../dist/pipeline/render-worker.js', import.meta.url));

export interface RenderPool {
  /**
   * `last`: no other render of this layout will be asked for, so what the threads were sent
   * of it can go with the last of its renders to leave.
   */
  render(layout: LayoutDocument, format: Format, last?: boolean): Promise<RenderResult>;
  /** How many renders may usefully run at once. */
  readonly size: number;
  /** Threads started and not stopped (none when this thread renders). */
  readonly running: number;
  /** The renderers each thread has loaded or is loading, in the order they were asked for. */
  readonly loaded: readonly (readonly Format[])[];
  /**
   * The layouts to come are set in `fonts`: each thread gets its writers ready for them
   * (the page writers open and measure the font files) while this thread is still laying
   * out, instead of after the layout has arrived.
   */
  prepare(fonts: Record<string, FontFamily>): void;
  /**
   * No render will be asked for beyond those already asked: a thread left with nothing to
   * do stops at once, giving its memory back while a large render goes on elsewhere. A
   * render asked for all the same is still rendered (in this thread if none is left).
   */
  finish(): void;
  close(): Promise<void>;
}

/**
 * A pool for `jobs` renders. The threads start at once and load renderers while this thread
 * is still reading and laying out the input: the first of `warm` on the first thread, the
 * second on the second…, so that no library loads twice before it is needed; a renderer not
 * loaded yet loads where it is first used, and renders go to a thread that has theirs.
 */
export function createRenderPool(jobs: number, warm: readonly Format[] = []): RenderPool {
  const wanted = Number(process.env.PUBTABLE_WORKERS ?? Math.min(availableParallelism(), 4));
  const size = Math.min(wanted, jobs);
  if (size < 2 || !existsSync(WORKER)) return inProcess;
  return new WorkerPool(size, warm);
}

const renderHere = async (layout: LayoutDocument, format: Format): Promise<RenderResult> => (await rendererFor(format))(layout);

const inProcess: RenderPool = {
  size: 1,
  running: 0,
  loaded: [],
  render: renderHere,
  // Here a preparation could only run before the layout, in the same thread: nothing gained.
  prepare: () => {},
  finish: () => {},
  close: async () => {},
};

/** Layouts copied into bytes, and copies that left this thread for one of the threads: for the tests that check each is copied once and then let go. */
export const copyStats = { made: 0, handedOver: 0 };

/** A layout's bytes, how many renders asked for and not yet sent need them, and whether the last has been asked for. */
interface Copy {
  bytes: Uint8Array | null;
  waiting: number;
  last: boolean;
}

interface Thread {
  worker: Worker;
  /** The renderers it has loaded, or is loading. */
  loaded: Set<Format>;
  /** Renders sent and not answered: the one under way, and the next if one is queued. */
  sent: number;
}

/**
 * Renders a thread may hold: the one under way and the next, so that it starts the next as
 * soon as it answers instead of waiting for this thread to send one (a round trip per
 * printout, ≈ 6 % of a thread's time over 1,000 printouts).
 */
const DEPTH = 2;

class WorkerPool implements RenderPool {
  private readonly threads: Thread[] = [];
  private readonly idle: Thread[] = [];
  private readonly waiting: { format: Format; take: (t: Thread) => void }[] = [];
  private readonly pending = new Map<number, { resolve: (r: RenderResult) => void; reject: (e: Error) => void; thread: Thread }>();
  private nextId = 0;
  private finishing = false;
  private stopped = 0;

  constructor(readonly size: number, warm: readonly Format[]) {
    for (let i = 0; i < size; i++) {
      const t: Thread = { worker: new Worker(WORKER), loaded: new Set(warm.filter((_, k) => k === i)), sent: 0 };
      if (t.loaded.size > 0) t.worker.postMessage({ warm: [...t.loaded] } satisfies WarmRequest);
      t.worker.on('message', (res: RenderResponse) => this.settle(t, res));
      t.worker.on('error', (e) => this.fail(t, e));
      this.threads.push(t);
      this.idle.push(t);
    }
  }

  /**
   * Each layout is copied into bytes once, however many formats it is rendered in, and is
   * not held while its renders wait for a thread: a 10,000-project layout is ≈ 110 MB that
   * this thread can give back as soon as it has made the bytes (≈ 75 MB, outside the heap).
   * Once the last render has been asked for, the last to leave hands the bytes over instead
   * of copying them again, and this thread holds nothing of the layout.
   */
  private readonly copies = new WeakMap<LayoutDocument, Copy>();

  render(layout: LayoutDocument, format: Format, last = false): Promise<RenderResult> {
    if (this.running === 0) return renderHere(layout, format);
    let copy = this.copies.get(layout);
    try {
      if (!copy?.bytes) {
        this.copies.set(layout, (copy = { bytes: serialize(layout), waiting: 0, last: false }));
        copyStats.made++;
      }
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    copy.waiting++;
    copy.last ||= last;
    return this.send(copy, format);
  }

  /**
   * Renders on an idle thread that has the format's renderer loaded, else on any idle
   * thread, else queued behind the render of a busy thread that has it loaded.
   */
  private async send(copy: Copy, format: Format): Promise<RenderResult> {
    const at = this.idle.findIndex((t) => t.loaded.has(format));
    const thread =
      (at >= 0 ? this.idle.splice(at, 1)[0] : this.idle.pop()) ??
      this.queueable(format) ??
      (await new Promise<Thread>((take) => this.waiting.push({ format, take })));
    thread.loaded.add(format);
    thread.sent++;
    const id = this.nextId++;
    const layout = copy.bytes!;
    // The last to leave takes the bytes along (a render asked for after all makes them again).
    const handOver = --copy.waiting === 0 && copy.last && layout.byteOffset === 0 && layout.byteLength === layout.buffer.byteLength;
    if (handOver) copy.bytes = null;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, thread });
      const req: RenderRequest = { id, format, layout };
      thread.worker.postMessage(req, handOver ? [layout.buffer as ArrayBuffer] : []);
      // Counted once gone from this thread: a transferred buffer is left empty.
      if (handOver && layout.buffer.byteLength === 0) copyStats.handedOver++;
    });
  }

  /** A busy thread with the format's renderer and room for one more render. */
  private queueable(format: Format): Thread | undefined {
    return this.threads.find((t) => t.sent > 0 && t.sent < DEPTH && t.loaded.has(format));
  }

  private settle(thread: Thread, res: RenderResponse): void {
    const p = this.pending.get(res.id);
    if (!p) return;
    this.pending.delete(res.id);
    thread.sent--;
    this.release(thread);
    if (res.ok) p.resolve({ bytes: res.bytes, warnings: res.warnings });
    else p.reject(new Error(res.message));
  }

  private fail(thread: Thread, e: Error): void {
    for (const [id, p] of this.pending) {
      if (p.thread === thread) {
        this.pending.delete(id);
        p.reject(e);
      }
    }
  }

  get running(): number {
    return this.threads.length - this.stopped;
  }

  get loaded(): Format[][] {
    return this.threads.map((t) => [...t.loaded]);
  }

  prepare(fonts: Record<string, FontFamily>): void {
    for (const t of this.threads) if (t.loaded.size > 0) t.worker.postMessage({ prepare: { formats: [...t.loaded], fonts } } satisfies PrepareRequest);
  }

  finish(): void {
    this.finishing = true;
    for (const t of this.idle.splice(0)) this.stop(t);
  }

  /**
   * Hands a thread that answered to the first render waiting for a renderer it has loaded;
   * if it has nothing left to do, to the first waiting at all, else it idles (or stops).
   */
  private release(thread: Thread): void {
    const at = this.waiting.findIndex((w) => thread.loaded.has(w.format));
    if (thread.sent > 0) {
      // Still rendering the one queued behind: takes another only of a format it has.
      if (at >= 0) this.waiting.splice(at, 1)[0]!.take(thread);
      return;
    }
    const next = this.waiting.splice(at >= 0 ? at : 0, 1)[0];
    if (next) next.take(thread);
    else if (this.finishing) this.stop(thread);
    else this.idle.push(thread);
  }

  private stop(thread: Thread): void {
    this.stopped++;
    void thread.worker.terminate();
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
  }
}
