/**
 * The layout tree as a pdfmake document definition: the page, its margins, the body as
 * pdfmake nodes (./builder.ts), and the header and footer laid out again on each page with
 * its number. Both page writers start here (PDF, OFD), so they break lines and pages alike;
 * each adds what only its format has.
 */
import { pageSizeMm, PT_PER_MM } from '../../layout/page.js';
import type { LayoutDocument, Paragraph } from '../../layout/types.js';
import { PdfBuilder } from './builder.js';
import type { PdfFonts } from './fonts.js';
import type { Margins, StackNode } from './nodes.js';
import { installLinearPageBreaks } from './page-breaks.js';
import { documentFonts } from './prepare.js';
import { installFastStyleLookup } from './style-lookup.js';

/** Millimetres → points as pdfmake sizes its pages: A4 is 595.28 × 841.89 pt. */
const pdfmakePoints = (mm: number) => Math.round(mm * PT_PER_MM * 100) / 100;

export interface PageDefinition {
  fonts: PdfFonts;
  /** Holds the warnings (glyphs a font lacks, …) once the pages are laid out. */
  builder: PdfBuilder;
  /** Points: the page as pdfmake sizes it. */
  page: { width: number; height: number };
  /** The parts of pdfmake's document definition that decide where everything goes. */
  layout: {
    pageSize: 'A4';
    pageOrientation: 'portrait' | 'landscape';
    pageMargins: Margins;
    defaultStyle: { font: string };
    header?: (current: number, pages: number) => StackNode;
    footer?: (current: number, pages: number) => StackNode;
    content: unknown[];
  };
}

/** `format` names the file in warnings (a glyph the font lacks shows as a box in it). */
export function pageDefinition(doc: LayoutDocument, format: 'PDF' | 'OFD'): PageDefinition {
  const fonts = documentFonts(doc.fonts);
  installFastStyleLookup();
  installLinearPageBreaks();
  const paper = pageSizeMm(doc.page);
  const page = { width: pdfmakePoints(paper.width), height: pdfmakePoints(paper.height) };
  const m = doc.page.margins;
  const margins: Margins = [m.left, m.top, m.right, m.bottom].map((x) => x * PT_PER_MM) as Margins;
  const builder = new PdfBuilder(fonts, page.width - margins[0] - margins[2], format);
  const content = builder.body(doc.body);
  // Header and footer are re-laid out on every page (their fields change), but their glyphs
  // are checked once here.
  for (const p of [...doc.header, ...doc.footer]) builder.checkGlyphs(p.runs, p.style, p.ref);
  const band = (paragraphs: Paragraph[], height: number) =>
    paragraphs.length === 0
      ? undefined
      : (current: number, pages: number): StackNode => builder.band(paragraphs, { page: current, pages }, margins, height);
  return {
    fonts,
    builder,
    page,
    layout: {
      pageSize: 'A4',
      pageOrientation: doc.page.orientation,
      pageMargins: margins,
      // Every node names its font; this only keeps pdfmake off its default Roboto.
      defaultStyle: { font: Object.keys(doc.fonts)[0]! },
      header: band(doc.header, margins[1]),
      footer: band(doc.footer, margins[3]),
      content,
    },
  };
}
