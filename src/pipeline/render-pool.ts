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
import { Worker } from 'node:worker_threads';
import type { LayoutDocument } from '../layout/types.js';
import type { RenderResult } from '../render/renderer.js';
import { rendererFor, type Format } from '../render/index.js';
import type { RenderRequest, RenderResponse } from './render-worker.js';

/**
 * The compiled worker. From src/pipeline (tests) or dist/pipeline, two levels below the
 * package root, it is always dist's: a worker thread cannot load TypeScript.
 */
const WORKER = fileURLToPath(new URL('../../dist/pipeline/render-worker.js', import.meta.url));

export interface RenderPool {
  render(layout: LayoutDocument, format: Format): Promise<RenderResult>;
  /** How many renders may usefully run at once. */
  readonly size: number;
  close(): Promise<void>;
}

export function createRenderPool(jobs: number): RenderPool {
  const wanted = Number(process.env.PUBTABLE_WORKERS ?? Math.min(availableParallelism(), 4));
  const size = Math.min(wanted, jobs);
  if (size < 2 || !existsSync(WORKER)) return inProcess;
  return new WorkerPool(size);
}

const inProcess: RenderPool = {
  size: 1,
  render: async (layout, format) => (await rendererFor(format))(layout),
  close: async () => {},
};

class WorkerPool implements RenderPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly waiting: ((w: Worker) => void)[] = [];
  private readonly pending = new Map<number, { resolve: (r: RenderResult) => void; reject: (e: Error) => void; worker: Worker }>();
  private nextId = 0;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) {
      const w = new Worker(WORKER);
      w.on('message', (res: RenderResponse) => this.settle(w, res));
      w.on('error', (e) => this.fail(w, e));
      this.workers.push(w);
      this.idle.push(w);
    }
  }

  async render(layout: LayoutDocument, format: Format): Promise<RenderResult> {
    const worker = this.idle.pop() ?? (await new Promise<Worker>((r) => this.waiting.push(r)));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker });
      const req: RenderRequest = { id, format, layout };
      worker.postMessage(req);
    });
  }

  private settle(worker: Worker, res: RenderResponse): void {
    const p = this.pending.get(res.id);
    if (!p) return;
    this.pending.delete(res.id);
    this.release(worker);
    if (res.ok) p.resolve({ bytes: res.bytes, warnings: res.warnings });
    else p.reject(new Error(res.message));
  }

  private fail(worker: Worker, e: Error): void {
    for (const [id, p] of this.pending) {
      if (p.worker === worker) {
        this.pending.delete(id);
        p.reject(e);
      }
    }
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next) next(worker);
    else this.idle.push(worker);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
