/**
 * How the body's blocks flow onto pages, for writers that lay out pages (PDF, Word): a page
 * break makes the next block start a page; two breaks in a row leave an empty page, and so
 * does a break at the end; an empty table shows nothing (and holds no break).
 */
import type { Block, Paragraph, Table } from '../layout/types.js';

export type Flowed =
  | { kind: 'block'; block: Paragraph | Table; breakBefore: boolean }
  /** A page with nothing on it: it starts with a page break, and the writer gives it something to stand on. */
  | { kind: 'emptyPage' };

export function pageFlow(blocks: readonly Block[]): Flowed[] {
  const out: Flowed[] = [];
  let breakBefore = false;
  for (const block of blocks) {
    if (block.kind === 'pagebreak') {
      if (breakBefore) out.push({ kind: 'emptyPage' });
      breakBefore = true;
    } else if (block.kind === 'paragraph' || block.rows.length > 0) {
      out.push({ kind: 'block', block, breakBefore });
      breakBefore = false;
    }
  }
  if (breakBefore) out.push({ kind: 'emptyPage' });
  return out;
}
