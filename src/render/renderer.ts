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

export type Renderer = (doc: LayoutDocument) => Promise<RenderResult>;
