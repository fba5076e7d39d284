/**
 * Layout blocks → pdfmake nodes: paragraphs and tables as they flow onto pages, text
 * wrapped into lines (./wrap.ts), outline entries nested, glyph coverage checked, warnings
 * collected once each.
 */
import { bandHeight } from '../../layout/page.js';
import type { Block, Inline, Outline, Paragraph, Style } from '../../layout/types.js';
import { pageFlow } from '../page-flow.js';
import type { RenderWarning } from '../renderer.js';
import { textPieces } from '../text-pieces.js';
import { WarningList } from '../warnings.js';
import type { PdfFonts } from './fonts.js';
import type { CellText, EmptyNode, FieldValues, Margins, StackNode, TaggedInline, TextNode } from './nodes.js';
import { paragraphType, StructureTree, type StructElement } from './structure.js';
import { tableNode, type TableNode } from './table.js';
import { wrapText } from './wrap.js';

export type BodyNode = TextNode | TableNode | EmptyNode;

/** Turns layout blocks into pdfmake nodes, collecting warnings on the way. */
export class PdfBuilder implements CellText {
  readonly warnings = new WarningList();
  /** The outline entries the next one may nest under: the last entry, its parent, …, the top. */
  private readonly outlinePath: { level: number; node: TextNode }[] = [];
  private outlineIds = 0;
  readonly structure = new StructureTree();

  /** `textWidth`: points between the page margins; `format`: the file's format, as warnings name it. */
  constructor(
    readonly fonts: PdfFonts,
    readonly textWidth: number,
    readonly format: 'PDF' | 'OFD',
  ) {}

  body(blocks: Block[]): BodyNode[] {
    return pageFlow(blocks).map((item): BodyNode => {
      // An empty page gets an empty line to stand on.
      if (item.kind === 'emptyPage') return { text: '', pageBreak: 'before' };
      const { block } = item;
      let node: TextNode | TableNode;
      if (block.kind === 'paragraph') {
        this.checkGlyphs(block.runs, block.style, block.ref);
        node = this.paragraph(block, null);
        if (block.outline) this.bookmark(node, block.outline);
        this.mark(node, this.structure.add(this.structure.root, paragraphType(block.heading)));
      } else {
        node = tableNode(this, block, this.textWidth);
      }
      if (item.breakBefore) node.pageBreak = 'before';
      return node;
    });
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
    const pieces = textPieces(runs, (field) => {
      if (fields) return String(fields[field]);
      this.warn({
        code: 'UNSUPPORTED_FIELD',
        message: `页码域（${field === 'page' ? '当前页' : '总页数'}）只能用于页眉或页脚，正文中已略去`,
        ref,
      });
      return null;
    });
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

  /**
   * Makes `node` the next outline entry, under the last entry of a lower level (at the top if
   * none). pdfmake draws the entry with the node's first line and points it at that line's
   * page; it finds a parent by id, so an entry gets an id once something nests under it.
   * Entries at the top are open: their children show. Only the top level is open, so
   * pdfkit's count of an open entry's visible descendants (its children) stays right.
   */
  bookmark(node: TextNode, outline: Outline): void {
    const path = this.outlinePath;
    while (path.length > 0 && path.at(-1)!.level >= outline.level) path.pop();
    const parent = path.at(-1);
    node.outline = true;
    node.outlineText = outline.title;
    if (parent) {
      parent.node.id ??= `outline-${++this.outlineIds}`;
      if (path.length === 1) parent.node.outlineExpanded = true;
      node.outlineParentId = parent.node.id;
    }
    path.push({ level: outline.level, node });
  }

  /**
   * Makes the node's text the element's content: each inline carries the element to the line
   * pdfmake draws it on (../pdf/tagging.ts marks the line). pdfmake lays an inline object out as
   * the same text as a string, so the pages do not change.
   */
  mark(node: TextNode, element: StructElement): void {
    const tag = this.structure.tag(element);
    const text = node.text;
    if (text === '') return;
    const items = typeof text === 'string' ? [text] : text;
    node.text = items.map((item): TaggedInline => {
      if (typeof item === 'string') return { text: item, pdfTag: tag };
      // Object literals, not `{ ...item, pdfTag }`: V8 gives every such spread of
      // `{ text, lineEnd }` a map of its own (tens of thousands in a large table), which
      // costs memory and makes every property read in pdfmake a slow lookup.
      if ('lineEnd' in item) return { text: item.text, pdfTag: tag, lineEnd: true };
      return { text: item.text, pdfTag: tag, noWrap: item.noWrap };
    });
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
            message: `字体“${font}”中没有字符“${ch}”（U+${code}），${this.format} 中该字符将显示为空框`,
            ref,
          },
          `${ch}\0${ref ?? ''}`,
        );
      }
    }
  }

  warn(warning: RenderWarning, key?: string): void {
    this.warnings.add(warning, key);
  }

  /** Header or footer paragraphs for one page, roughly centred in the margin band. */
  band(paragraphs: Paragraph[], fields: FieldValues, margins: Margins, height: number): StackNode {
    const stack = paragraphs.map((p) => this.paragraph(p, fields));
    const estimate = bandHeight(paragraphs);
    return { stack, margin: [margins[0], Math.max(0, (height - estimate) / 2), margins[2], 0] };
  }
}
