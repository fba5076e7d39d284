/**
 * Renders the outputs of a build on the worker pool while this thread makes the next
 * layouts and stages finished files. At most two renders per worker are in flight, and
 * the next is asked for only while fewer files than that wait to be written, so memory
 * stays flat however many printouts there are.
 */
import { parseSourceRef, warning, type Diagnostic } from '../model/diagnostic.js';
import { CARRIES_ATTACHMENTS } from '../render/index.js';
import type { RenderResult } from '../render/renderer.js';
import { WarningList } from '../render/warnings.js';
import { collectIfLarge } from './idle-heap.js';
import { layoutFor, type LayoutSources } from './layouts.js';
import type { Output } from './plan.js';
import type { Progress } from './progress.js';
import type { RenderPool } from './render-pool.js';
import type { Staging } from './staging.js';

export interface RenderAllOptions {
  input: string;
  /** The publication the files belong to (output-paths.ts). */
  publication: string;
  staging: Staging;
  progress: Progress;
  signal?: AbortSignal;
  /** Renderer warnings go here, each once. */
  diagnostics: Diagnostic[];
  /** The render threads (the caller starts and closes them). */
  pool: RenderPool;
  /** The pool serves these renders alone: its threads stop as they run out of work. */
  ownPool: boolean;
}

export async function renderAll(todo: Output[], sources: LayoutSources, opts: RenderAllOptions): Promise<void> {
  const said = new WarningList();
  const finish = async (o: Output, { bytes, warnings }: RenderResult) => {
    for (const w of warnings) {
      if (said.add(w)) opts.diagnostics.push(warning(w.code, w.message, w.ref ? parseSourceRef(w.ref) : { file: opts.input }));
    }
    await opts.staging.write(o.path, bytes, opts.publication, o.inputs);
    opts.progress.step(o.path);
  };
  // One layout serves every format of a job.
  const byJob = new Map<string, Output[]>();
  for (const o of todo) {
    const key = JSON.stringify(o.job);
    const group = byJob.get(key);
    if (group) group.push(o);
    else byJob.set(key, [o]);
  }

  // Only a PDF or an OFD carries the records (LayoutSources.files): a job of other formats alone
  // is laid out without them, so their canonical JSON is neither made nor copied to a render thread.
  const { files: _, ...withoutFiles } = sources;
  const { pool } = opts;
  // A render's place is free once its bytes are back, not once they are written: the threads
  // do not wait for the file system (they idled ≈ 8 % of a printout build doing so).
  const limit = pool.size * 2;
  const rendering = new Set<Promise<void>>();
  const writing = new Set<Promise<void>>();
  let failure: unknown = null;
  const fail = (e: unknown) => void (failure ??= e);
  const write = (o: Output, r: RenderResult) => {
    const task: Promise<void> = finish(o, r)
      .catch(fail)
      .finally(() => writing.delete(task));
    writing.add(task);
  };
  // A function of its own, so that nothing holds the layout once its renders are asked for
  // (a suspended loop would keep it to the end of the build).
  const renderJob = async (group: Output[]) => {
    const layout = layoutFor(group[0]!.job, group.some((o) => CARRIES_ATTACHMENTS.has(o.format)) ? sources : withoutFiles);
    for (const [i, o] of group.entries()) {
      while (rendering.size >= limit || writing.size >= limit) await Promise.race([...rendering, ...writing]);
      if (failure !== null) throw failure;
      opts.signal?.throwIfAborted();
      const task: Promise<void> = pool
        .render(layout, o.format, i === group.length - 1)
        .then((r) => write(o, r), fail)
        .finally(() => rendering.delete(task));
      rendering.add(task);
    }
  };
  try {
    for (const group of byJob.values()) await renderJob(group);
    if (opts.ownPool) {
      // Only the threads' renders remain: what laying out left behind here can go now.
      if (pool.running > 0) collectIfLarge();
      pool.finish();
    }
    await Promise.all(rendering);
    await Promise.all(writing);
    if (failure !== null) throw failure;
  } finally {
    await Promise.allSettled(rendering);
    await Promise.allSettled(writing);
  }
}
