/**
 * The writers: every output format and its renderer (one folder each: ./pdf, ./docx,
 * ./xlsx, ./html, ./ofd), loaded on first use so that a build asking for one format does not pay for
 * loading the others' libraries. A new writer is a folder with an index.ts exporting a
 * Renderer (./renderer.ts), plus one line here. Files at this level are the rules the
 * writers share: where table cells go (./table-grid.ts), how body blocks flow onto pages
 * (./page-flow.ts), text of inline runs (./text-pieces.ts), warnings (./warnings.ts),
 * reproducible zips (./zip.ts).
 */
import type { FontFamily } from '../layout/types.js';
import type { Renderer } from './renderer.js';

/** Several of the PDF writer's files as one, pages copied as they are (no pdfmake: cheap to load). */
export { mergePdfs, NotOurPdf, type MergePart } from './pdf/merge.js';

export const FORMATS = ['pdf', 'docx', 'xlsx', 'html', 'ofd'] as const;
export type Format = (typeof FORMATS)[number];

/** The formats whose files carry the layout's attachments (the records) inside them. */
export const CARRIES_ATTACHMENTS: ReadonlySet<Format> = new Set(['pdf', 'ofd']);

export async function rendererFor(format: Format): Promise<Renderer> {
  switch (format) {
    case 'pdf':
      return (await import('./pdf/index.js')).renderPdf;
    case 'docx':
      return (await import('./docx/index.js')).renderDocx;
    case 'xlsx':
      return (await import('./xlsx/index.js')).renderXlsx;
    case 'html':
      return (await import('./html/index.js')).renderHtml;
    case 'ofd':
      return (await import('./ofd/index.js')).renderOfd;
  }
}

/**
 * Gets a format's writer ready for documents set in `fonts` before the first arrives: the
 * page writers (PDF, OFD) open and measure the font files; the others draw no glyphs.
 */
export async function prepareWriter(format: Format, fonts: Record<string, FontFamily>): Promise<void> {
  if (format === 'pdf' || format === 'ofd') (await import('./paged/prepare.js')).prepareFonts(fonts);
}
