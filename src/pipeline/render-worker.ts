/**
 * A worker thread that renders layouts: it loads each renderer (and its fonts) once and
 * then serves any number of jobs. It knows nothing of projects or files.
 */
import { parentPort } from 'node:worker_threads';
import type { LayoutDocument } from '../layout/types.js';
import type { RenderWarning } from '../render/renderer.js';
import { rendererFor, type Format } from '../render/index.js';

export interface RenderRequest {
  id: number;
  format: Format;
  layout: LayoutDocument;
}

/** Load these formats' renderers now, before the first layout arrives. */
export interface WarmRequest {
  warm: readonly Format[];
}

export type RenderResponse =
  | { id: number; ok: true; bytes: Uint8Array; warnings: RenderWarning[] }
  | { id: number; ok: false; message: string };

/** The renders asked for, one after another: the next may arrive while one is under way. */
let queue: Promise<void> = Promise.resolve();

parentPort?.on('message', (req: RenderRequest | WarmRequest) => {
  if ('warm' in req) {
    // A renderer that fails to load fails again, with its message, when a layout asks for it.
    for (const f of req.warm) rendererFor(f).catch(() => {});
    return;
  }
  queue = queue.then(() => render(req));
});

/** Renders and answers; never rejects, so the queue goes on after a failed render. */
async function render(req: RenderRequest): Promise<void> {
  let res: RenderResponse;
  try {
    const { bytes, warnings } = await (await rendererFor(req.format))(req.layout);
    res = { id: req.id, ok: true, bytes, warnings };
    parentPort!.postMessage(res, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    res = { id: req.id, ok: false, message: e instanceof Error ? e.message : String(e) };
    parentPort!.postMessage(res);
  }
}
