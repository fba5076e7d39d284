/**
 * What a writer is: a function from the layout tree to a file's bytes, with what it could
 * not show exactly as asked. Every writer in this folder has this shape.
 */
import type { LayoutDocument } from '../layout/types.js';

/** Something a renderer could not show exactly as asked (a glyph missing from a font, …). */
export interface RenderWarning {
  code: string;
  message: string;
  ref?: string;
}

export interface RenderResult {
  bytes: Uint8Array;
  warnings: RenderWarning[];
}

/** What a caller may ask of a writer beyond the document; a writer ignores what it cannot do. */
export interface RenderOptions {
  /**
   * Mark each element that has a `ref` (where its record came from) with it, and each cell
   * that has a `field` with that, so that a workbench can find a message's record in the
   * page and edit a field where it is shown. Off for published files: a ref names the
   * input's path on this machine.
   */
  sourceRefs?: boolean;
}

export type Renderer = (doc: LayoutDocument, options?: RenderOptions) => Promise<RenderResult>;
