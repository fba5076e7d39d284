/**
 * pdfmake's bookkeeping of a table row's page breaks, in time proportional to the row.
 *
 * After each row pdfmake raises the recorded breaks of that row to the table's bottom on
 * their page (LayoutBuilder._updatePageBreaksData). It finds them by going through every
 * page the table has reached so far, and for each page through all the breaks of row spans:
 * for a table of thousands of pages that is rows × pages steps (≈ 0.6 s of a 10,000-project
 * PDF, nothing for a short one). Each break only ever takes its own page's bottom, so going
 * through the breaks and looking up their page does the same. Patched once per process on
 * pdfmake 0.3.11's LayoutBuilder; test/render/paged/page-breaks.test.ts compares both.
 */
import LayoutBuilderModule from 'pdfmake/js/LayoutBuilder.js';
import { pdfmakeExport } from './pdfmake-module.js';

/** A break recorded while a row was laid out: the page it left and how far down that page it reached. */
export interface RecordedBreak {
  prevPage: number;
  prevY: number;
  /** Breaks of row spans: the last row of the span. */
  rowIndexOfSpanEnd?: number;
}

/** What pdfmake keeps on a table while laying it out. */
export interface TableProgress {
  /** The table's bottom on each page it has reached, by page index. */
  _bottomByPage: Record<string, number>;
  _breaksBySpan?: RecordedBreak[];
}

type Update = (this: unknown, pageBreaks: RecordedBreak[], tableNode: TableProgress, rowIndex: number) => void;

let installed = false;

/** pdfmake's LayoutBuilder prototype. */
export function layoutBuilderPrototype(): { _updatePageBreaksData: Update } {
  return pdfmakeExport<{ prototype: { _updatePageBreaksData: Update } }>(LayoutBuilderModule).prototype;
}

export function installLinearPageBreaks(): void {
  if (installed) return;
  installed = true;
  const proto = layoutBuilderPrototype();
  if (typeof proto._updatePageBreaksData !== 'function') return;
  proto._updatePageBreaksData = updatePageBreaks;
}

/** pdfmake's _updatePageBreaksData: the row's first break on each page, and the span breaks reaching this row, raised to the table's bottom there. */
export function updatePageBreaks(pageBreaks: RecordedBreak[], tableNode: TableProgress, rowIndex: number): void {
  const bottom = tableNode._bottomByPage;
  const seen = new Set<number>();
  for (const b of pageBreaks) {
    // pdfmake updates the first break it finds for a page, and only pages the table has reached.
    if (seen.has(b.prevPage)) continue;
    seen.add(b.prevPage);
    if (reached(bottom, b.prevPage)) b.prevY = Math.max(b.prevY, bottom[b.prevPage]!);
  }
  for (const b of tableNode._breaksBySpan ?? []) {
    if (rowIndex <= b.rowIndexOfSpanEnd! && reached(bottom, b.prevPage)) b.prevY = Math.max(b.prevY, bottom[b.prevPage]!);
  }
}

/**
 * Whether pdfmake would find `page` among the table's pages: it reads each key back with
 * Number and compares with ===, so a page is found under String(page), and NaN never.
 */
function reached(bottom: Record<string, number>, page: number): boolean {
  return typeof page === 'number' && page === page && Object.prototype.propertyIsEnumerable.call(bottom, String(page));
}
