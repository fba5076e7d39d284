/**
 * PDF renderer: the neutral layout tree → a pdfmake document definition → PDF bytes.
 * Fonts are embedded as subsets (pdfmake's default for TrueType). The output is
 * byte-for-byte reproducible: dates come from doc.meta.created and nothing is random.
 *
 * Speed: text is wrapped here (wrap.ts) and handed to pdfmake a line per inline, not a
 * Chinese character per inline; pdfkit's shaping of such lines is cheap (shaping.ts).
 * Both give the glyphs, positions and line breaks pdfmake made on its own (for the example
 * and synthetic publications, page for page the same pixels); wrap.ts lists the corner
 * cases where it deliberately differs.
 */
import pdfmake from 'pdfmake';
import type {
  Align,
  Block,
  Inline,
  Paragraph,
  RenderWarning,
  Renderer,
  Style,
} from '../../layout/types.js';
import { PdfFonts } from './fonts.js';
import { tableNode, type TableNode } from './table.js';
import { wrapText, type WrapInline } from './wrap.js';

/** pdfmake's A4 in points. */
const A4 = { width: 595.28, height: 841.89 };
const PT_PER_MM = 72 / 25.4;

type Margins = [left: number, top: number, right: number, bottom: number];

export interface TextNode {
  /**
   * Lines wrapped by wrap.ts (with `noWrap`), which breaks Chinese between characters
   * and hard-wraps any word wider than a whole line, so a long number or URL cannot overflow
   * a narrow cell. Justified text is left to pdfmake (plain strings, `\n` for breaks): only
   * pdfmake can spread a line's inlines over its width.
   */
  text: string | WrapInline[] | string[];
  /** Set on text wrapped by wrap.ts: pdfmake must keep each inline whole. */
  noWrap?: true;
  font: string;
  fontSize: number;
  bold: boolean;
  alignment: Align;
  lineHeight: number;
  margin: Margins;
  pageBreak?: 'before';
}

interface StackNode {
  stack: TextNode[];
  margin: Margins;
}

/** An empty line in the default font: something for a forced empty page to hold. */
interface EmptyNode {
  text: '';
  pageBreak: 'before';
}

type BodyNode = TextNode | TableNode | EmptyNode;

/** Page numbers for header/footer fields; absent in the body. */
interface FieldValues {
  page: number;
  pages: number;
}

export const renderPdf: Renderer = async (doc) => {
  const fonts = new PdfFonts(doc.fonts);
  const landscape = doc.page.orientation === 'landscape';
  const page = landscape ? { width: A4.height, height: A4.width } : A4;
  const m = doc.page.margins;
  const margins: Margins = [m.left, m.top, m.right, m.bottom].map((x) => x * PT_PER_MM) as Margins;
  const textWidth = page.width - margins[0] - margins[2];
  const builder = new PdfBuilder(fonts, textWidth);
  const content = builder.body(doc.body);
  // Header and footer are re-laid out on every page (their fields change), but their glyphs
  // are checked once here.
  for (const p of [...doc.header, ...doc.footer]) builder.checkGlyphs(p.runs, p.style, p.ref);
  const band = (paragraphs: Paragraph[], height: number) =>
    paragraphs.length === 0
      ? undefined
      : (current: number, pages: number): StackNode =>
          builder.band(paragraphs, { page: current, pages }, margins, height);

  const definition = {
    pageSize: 'A4',
    pageOrientation: doc.page.orientation,
    pageMargins: margins,
    language: 'zh-CN',
    info: {
      title: doc.meta.title,
      subject: doc.meta.subject,
      author: doc.meta.author,
      creator: 'pubtable',
      producer: 'pubtable',
      // Fixed dates make the trailer /ID (a hash of the info dictionary) reproducible too.
      creationDate: doc.meta.created,
      modDate: doc.meta.created,
    },
    // Every node names its font; this only keeps pdfmake off its default Roboto.
    defaultStyle: { font: Object.keys(doc.fonts)[0] },
    header: band(doc.header, margins[1]),
    footer: band(doc.footer, margins[3]),
    content,
  };

  // pdfmake is a process-wide singleton; createPdf captures fonts and policies synchronously,
  // so concurrent renders with different fonts do not interfere.
  const allowed = fonts.paths();
  pdfmake.setFonts(fonts.descriptors());
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => allowed.has(path));
  const bytes = await createPdf(definition, { fontLayoutCache: false }).getBuffer();
  return { bytes, warnings: builder.warnings };
};

/**
 * pdfmake's createPdf with its options (pdfmake.d.ts declares the one-argument form).
 * `fontLayoutCache: false`: pdfkit would keep every text it shapes, keyed by the text, for
 * the whole document; with a line per inline that is the document's text again as glyph
 * runs. shaping.ts makes shaping cheap instead.
 */
const createPdf: (definition: object, options: { fontLayoutCache: boolean }) => pdfmake.OutputDocument =
  pdfmake.createPdf.bind(pdfmake);

/** Turns layout blocks into pdfmake nodes, collecting warnings on the way. */
export class PdfBuilder {
  readonly warnings: RenderWarning[] = [];
  private readonly warned = new Set<string>();

  /** `textWidth`: points between the page margins. */
  constructor(
    readonly fonts: PdfFonts,
    readonly textWidth: number,
  ) {}

  body(blocks: Block[]): BodyNode[] {
    const nodes: BodyNode[] = [];
    let breakBefore = false;
    for (const block of blocks) {
      if (block.kind === 'pagebreak') {
        // Two breaks in a row mean an empty page: give it an empty line to stand on.
        if (breakBefore) nodes.push(this.emptyPage());
        breakBefore = true;
        continue;
      }
      // An empty table shows nothing (and pdfmake cannot lay it out).
      if (block.kind === 'table' && block.rows.length === 0) continue;
      let node: TextNode | TableNode;
      if (block.kind === 'paragraph') {
        this.checkGlyphs(block.runs, block.style, block.ref);
        node = this.paragraph(block, null);
      } else {
        node = tableNode(this, block, this.textWidth);
      }
      if (breakBefore) node.pageBreak = 'before';
      breakBefore = false;
      nodes.push(node);
    }
    if (breakBefore) nodes.push(this.emptyPage());
    return nodes;
  }

  /** Glyphs are not checked here: header and footer paragraphs are laid out once per page. */
  paragraph(p: Paragraph, fields: FieldValues | null): TextNode {
    const node = this.text(p.runs, p.style, fields, this.textWidth, p.ref);
    node.margin[1] += p.style.spaceBefore;
    node.margin[3] += p.style.spaceAfter;
    return node;
  }

  /** `width`: points available to the text (a paragraph's text width, a cell's inner width). */
  text(runs: Inline[], style: Style, fields: FieldValues | null, width: number, ref?: string): TextNode {
    const face = this.fonts.face(style);
    const pieces: string[] = [];
    for (const run of runs) {
      if (run.kind === 'break') pieces.push('\n');
      else if (run.kind === 'text') pieces.push(run.text);
      else if (fields) pieces.push(String(fields[run.field]));
      else
        this.warn({
          code: 'UNSUPPORTED_FIELD',
          message: `页码域（${run.field === 'page' ? '当前页' : '总页数'}）只能用于页眉或页脚，正文中已略去`,
          ref,
        });
    }
    const shift = face.baselineShift(style);
    const node: TextNode = {
      text: '',
      font: style.font,
      fontSize: style.size,
      bold: style.bold,
      alignment: style.align,
      lineHeight: face.lineHeightFactor(style.lineHeight),
      margin: [0, -shift, 0, shift],
    };
    const joined = pieces.join('');
    if (joined === '') return node;
    if (style.align === 'justify') {
      node.text = pieces;
      return node;
    }
    const inlines = wrapText(joined, face.metrics, style.size, width);
    node.text = inlines.length === 1 && typeof inlines[0] === 'string' ? inlines[0] : inlines;
    node.noWrap = true;
    return node;
  }

  /** One warning per (character, ref) for every character the style's font cannot draw. */
  checkGlyphs(runs: Inline[], style: Style, ref: string | undefined): void {
    const face = this.fonts.face(style);
    for (const run of runs) {
      if (run.kind !== 'text') continue;
      const text = run.text;
      for (let i = 0; i < text.length; i++) {
        const cp = text.codePointAt(i) as number;
        if (cp > 0xffff) i++;
        if (face.shows(cp)) continue;
        const ch = String.fromCodePoint(cp);
        const code = cp.toString(16).toUpperCase().padStart(4, '0');
        const font = `${style.font}${style.bold ? '（粗体）' : ''}`;
        this.warn(
          {
            code: 'MISSING_GLYPH',
            message: `字体“${font}”中没有字符“${ch}”（U+${code}），PDF 中该字符将显示为空框`,
            ref,
          },
          `${ch}\0${ref ?? ''}`,
        );
      }
    }
  }

  warn(warning: RenderWarning, key = `${warning.code}\0${warning.message}\0${warning.ref ?? ''}`): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warnings.push(warning);
  }

  /** Header or footer paragraphs for one page, roughly centred in the margin band. */
  band(paragraphs: Paragraph[], fields: FieldValues, margins: Margins, height: number): StackNode {
    const stack = paragraphs.map((p) => this.paragraph(p, fields));
    const estimate = paragraphs
      .map((p) => {
        const lines = 1 + p.runs.filter((r) => r.kind === 'break').length;
        return lines * p.style.size * p.style.lineHeight + p.style.spaceBefore + p.style.spaceAfter;
      })
      .reduce((a, b) => a + b, 0);
    return { stack, margin: [margins[0], Math.max(0, (height - estimate) / 2), margins[2], 0] };
  }

  private emptyPage(): EmptyNode {
    return { text: '', pageBreak: 'before' };
  }
}
