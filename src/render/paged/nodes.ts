/**
 * The pieces of a pdfmake document definition the PDF writer builds (pdfmake ships no
 * types): text, stacks for header and footer bands, and what a table cell needs from the
 * builder of text.
 */
import type { Align, Inline, Outline, Style } from '../../layout/types.js';
import type { RenderWarning } from '../renderer.js';
import type { WrapInline } from './pdfmake-lines.js';
import type { PdfTag, StructElement, StructureTree } from './structure.js';

export type Margins = [left: number, top: number, right: number, bottom: number];

export interface TextNode {
  /**
   * Lines wrapped by wrap.ts (with `noWrap`), which breaks Chinese between characters
   * and hard-wraps any word wider than a whole line, so a long number or URL cannot overflow
   * a narrow cell. Justified text is left to pdfmake (plain strings, `\n` for breaks): only
   * pdfmake can spread a line's inlines over its width.
   */
  text: string | WrapInline[] | string[] | TaggedInline[];
  /** Set on text wrapped by wrap.ts: pdfmake must keep each inline whole. */
  noWrap?: true;
  font: string;
  fontSize: number;
  bold: boolean;
  alignment: Align;
  lineHeight: number;
  margin: Margins;
  pageBreak?: 'before';
  /**
   * An entry of the PDF's outline (pdfmake 0.3.11, LayoutBuilder.processLeaf): drawn with the
   * node's first line, on that line's page; `outlineText` is its title, `outlineParentId` the
   * `id` of the entry it sits under, `outlineExpanded` shows its children. An `id` also makes
   * pdfmake write a named destination at the first line: ids are given only to entries that
   * have children (./builder.ts).
   */
  outline?: true;
  outlineText?: string;
  outlineParentId?: string;
  outlineExpanded?: true;
  id?: string;
}

/** An inline with the structure element it belongs to (./structure.ts), for the tagged PDF. */
export type TaggedInline = { text: string; pdfTag: PdfTag; lineEnd?: true; noWrap?: false };

export interface StackNode {
  stack: TextNode[];
  margin: Margins;
}

/** An empty line in the default font: something for a forced empty page to hold. */
export interface EmptyNode {
  text: '';
  pageBreak: 'before';
}


/** Page numbers for header/footer fields; absent in the body. */
export interface FieldValues {
  page: number;
  pages: number;
}

/** What table cells need of the text builder (./builder.ts): text nodes, outline entries, glyph checks, warnings. */
export interface CellText {
  /** `width`: points available to the text. */
  text(runs: Inline[], style: Style, fields: FieldValues | null, width: number, ref?: string): TextNode;
  /** Makes `node` the next entry of the outline (call in document order). */
  bookmark(node: TextNode, outline: Outline): void;
  checkGlyphs(runs: Inline[], style: Style, ref: string | undefined): void;
  warn(warning: RenderWarning): void;
  /** The tagged PDF's structure, and the marking of a node's text as an element's content. */
  readonly structure: StructureTree;
  mark(node: TextNode, element: StructElement): void;
}
