/**
 * A worker thread that renders layouts: it loads each renderer (and its fonts) once and
 * then serves any number of jobs. It knows nothing of projects or files.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { deserialize } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import type { FontFamily, LayoutDocument } from '../layout/types.js';
import type { RenderWarning } from '../render/renderer.js';
import { prepareWriter, rendererFor, type Format } from '../render/index.js';

export interface RenderRequest {
  id: number;
  format: Format;
  /** The layout as `v8.serialize` made it (once for all the formats it is rendered in). */
  layout: Uint8Array;
}

/** Load these formats' renderers now, before the first layout arrives. */
export interface WarmRequest {
  warm: readonly Format[];
}

/** Get the loaded writers ready for layouts set in these fonts (render/index.ts prepareWriter). */
export interface PrepareRequest {
  prepare: { formats: readonly Format[]; fonts: Record<string, FontFamily> };
}

export type RenderResponse =
  | { id: number; ok: true; bytes: Uint8Array; warnings: RenderWarning[] }
  | { id: number; ok: false; message: string };

/** The renders asked for, one after another: the next may arrive while one is under way. */
let queue: Promise<void> = Promise.resolve();

parentPort?.on('message', (req: RenderRequest | WarmRequest | PrepareRequest) => {
  if ('warm' in req) {
    // A renderer that fails to load fails again, with its message, when a layout asks for it.
    for (const f of req.warm) rendererFor(f).catch(() => {});
    return;
  }
  if ('prepare' in req) {
    // In the queue, so that it is done before the first render, not interleaved with it.
    // A font that fails to open fails again, with its message, in the render that uses it.
    const { formats, fonts } = req.prepare;
    queue = queue.then(() => Promise.all(formats.map((f) => prepareWriter(f, fonts))).then(() => {}, () => {}));
    return;
  }
  // The layout's bytes, and the layout once the renderer has made what it needs of it, are
  // let go while the render goes on (a 10,000-project PDF: ≈ 75 + 40 MB for ≈ 10 s).
  const { id, format } = req;
  let copy: Uint8Array | null = req.layout;
  const take = (): LayoutDocument => {
    const layout = deserialize(copy!) as LayoutDocument;
    copy = null;
    return layout;
  };
  queue = queue.then(() => render(id, format, take));
});

/** Renders and answers; never rejects, so the queue goes on after a failed render. */
async function render(id: number, format: Format, take: () => LayoutDocument): Promise<void> {
  let res: RenderResponse;
  try {
    const renderer = await rendererFor(format);
    // A render started in the turn that received its message would run (pdfmake lays out and
    // draws synchronously) while Node still holds that message, bytes and all, for seconds.
    await nextTurn();
    const { bytes, warnings } = await renderer(take());
    res = { id, ok: true, bytes, warnings };
    parentPort!.postMessage(res, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    res = { id, ok: false, message: e instanceof Error ? e.message : String(e) };
    parentPort!.postMessage(res);
  }
}
