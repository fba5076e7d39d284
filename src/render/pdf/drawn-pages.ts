/**
 * Each laid-out page let go once it is drawn.
 *
 * pdfmake lays out the whole document, then draws page after page, and keeps every laid-out
 * page (each line's positioned text, each rule) until the file is written, though nothing
 * reads a page again once it is drawn. For a 10,000-project table that is ≈ 280 MB held while
 * the last pages are drawn and the file is written, when the render thread's memory peaks.
 * Patched once per process on pdfmake 0.3.11's Renderer: when a page begins, the items of
 * the one before are dropped; when drawing ends, those of the last. What is drawn is the same.
 */
import RendererModule from 'pdfmake/js/Renderer.js';
import { pdfmakeExport } from '../paged/pdfmake-module.js';

interface Page {
  items: unknown[];
}

interface PagesRenderer {
  pdfDocument: { addPage(...args: unknown[]): unknown };
  renderPages(pages: Page[]): void;
}

let installed = false;
let enabled = true;
/** Pages whose items were dropped: for the test that checks they are. */
export const drawnStats = { released: 0 };

/** Keeps every page to the end, as pdfmake does: for tests that compare the two. */
export function setDrawnPagesRelease(on: boolean): void {
  enabled = on;
}

export function installDrawnPagesRelease(): void {
  if (installed) return;
  installed = true;
  const proto = pdfmakeExport<{ prototype: PagesRenderer }>(RendererModule).prototype;
  const { renderPages } = proto;
  if (typeof renderPages !== 'function') return;
  proto.renderPages = function (this: PagesRenderer, pages: Page[]): void {
    if (!enabled) return renderPages.call(this, pages);
    const doc = this.pdfDocument;
    const addPage = doc.addPage;
    let begun = 0;
    const release = (page: Page | undefined) => {
      if (!page) return;
      page.items = [];
      drawnStats.released++;
    };
    doc.addPage = (...args: unknown[]) => {
      release(pages[begun - 1]);
      begun++;
      return addPage.apply(doc, args);
    };
    try {
      renderPages.call(this, pages);
    } finally {
      doc.addPage = addPage;
    }
    release(pages[begun - 1]);
  };
}
