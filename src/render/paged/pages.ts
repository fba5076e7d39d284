/**
 * pdfmake's layout without its drawing: the pages of a page definition (./definition.ts) as
 * pdfmake lays them out — lines of positioned inlines, rules and fills, each at its place —
 * for a writer that draws them itself (OFD). These are the same pages the PDF writer draws:
 * the same definition through the same pdfmake layout, stopped before pdfkit renders.
 */
import pdfmake from 'pdfmake';
import LayoutBuilderModule from 'pdfmake/js/LayoutBuilder.js';
import PdfDocumentModule from 'pdfmake/js/PDFDocument.js';
import { normalizePageMargin, normalizePageSize } from 'pdfmake/js/PageSize.js';
import SvgMeasureModule from 'pdfmake/js/SVGMeasure.js';
import { tableLayouts } from 'pdfmake/js/tableLayouts.js';
import type { PageDefinition } from './definition.js';
import { pdfmakeExport } from './pdfmake-module.js';

/** A font as pdfmake's inlines carry it: pdfkit's embedded font around the fontkit face. */
export interface LaidOutFont {
  font: FontkitFace;
}

/** The fontkit face itself (pdfkit's instance): what a writer reads to lay out and embed glyphs. */
export interface FontkitFace {
  postscriptName: string;
  familyName: string;
  unitsPerEm: number;
  'OS/2'?: { usWeightClass: number };
  layout(text: string): { glyphs: { id: number }[]; positions: { xAdvance: number }[] };
  glyphForCodePoint(codePoint: number): { id: number; advanceWidth: number };
  createSubset(): { includeGlyph(glyph: number): number; encode(): Uint8Array };
  directory: { tables: Record<string, { offset: number; length: number } | undefined> };
  stream: { buffer: Uint8Array };
}

export interface LaidOutInline {
  text: string;
  /** Points from the line's left edge. */
  x: number;
  width: number;
  font: LaidOutFont;
  fontSize: number;
  characterSpacing?: number;
  color?: string;
}

export interface LaidOutLine {
  x: number;
  y: number;
  inlines: LaidOutInline[];
  getHeight(): number;
  getAscenderHeight(): number;
  /** An outline entry starts at this line (pdfmake's own field). */
  _outline?: { id?: string; parentId?: string; text: string; expanded?: boolean };
}

export type LaidOutVector =
  | { type: 'line'; x1: number; y1: number; x2: number; y2: number; lineWidth?: number; lineColor?: string; dash?: { length: number; space?: number } }
  | { type: 'rect'; x: number; y: number; w: number; h: number; lineWidth?: number; color?: string; lineColor?: string };

export interface VerticalAlignment {
  isCellContentMultiPage?: boolean;
  verticalAlignment?: string;
  getNodeHeight(): number;
  getViewHeight(): number;
}

export type PageItem =
  | { type: 'line'; item: LaidOutLine }
  | { type: 'vector'; item: LaidOutVector }
  | { type: 'beginClip'; item: { x: number; y: number; width: number; height: number } }
  | { type: 'endClip' }
  | { type: 'beginVerticalAlignment' | 'endVerticalAlignment'; item: VerticalAlignment }
  | { type: 'image' | 'svg' | 'attachment'; item: unknown };

export interface LaidOutPage {
  pageSize: { width: number; height: number };
  items: PageItem[];
}

/** Lays the definition out as pdfmake's createPdf would, and returns its pages undrawn. */
export function layOutPages(definition: PageDefinition): LaidOutPage[] {
  const { layout, fonts } = definition;
  const allowed = fonts.paths();
  const PdfDocument = pdfmakeExport<AnyClass>(PdfDocumentModule);
  const LayoutBuilder = pdfmakeExport<AnyClass>(LayoutBuilderModule);
  const SvgMeasure = pdfmakeExport<AnyClass>(SvgMeasureModule);
  const pageSize = normalizePageSize(layout.pageSize, layout.pageOrientation);
  // The document only measures text here: nothing is drawn into it and it is never ended.
  const kit = new PdfDocument(fonts.descriptors(), {}, {}, {}, { size: [pageSize.width, pageSize.height], autoFirstPage: false, fontLayoutCache: false, font: null }, pdfmake.virtualfs, (path: string) => allowed.has(path));
  const builder = new LayoutBuilder(pageSize, normalizePageMargin(layout.pageMargins), new SvgMeasure());
  builder.registerTableLayouts(tableLayouts);
  return builder.layoutDocument(layout.content, kit, {}, layout.defaultStyle, undefined, layout.header, layout.footer, undefined, undefined) as LaidOutPage[];
}

/** pdfmake's classes, used here without their types. */
type AnyClass = new (...args: any[]) => any;
