/**
 * The layout markup that templates write, parsed into the layout tree. The vocabulary is
 * small and closed (docs/markup.md); anything else is an error with its line.
 *
 *   <document size orientation margins title subject author sheet>
 *     <header>/<footer> with <p>s · <p style align ref> · <table columns header-rows caption>
 *     <row> · <cell style colspan rowspan align valign number ref field> · <pagebreak/>
 *   inline, in <p> and <cell>: text, <br/>, <page/> (page number), <pages/> (page count)
 *
 * Whitespace: text that is only whitespace between elements is ignored, and leading or
 * trailing whitespace that spans a line break is template indentation, not content.
 * A line break inside text is a line break in the output.
 */
import { SaxesParser } from 'saxes';
import { LayoutError } from './layout-error.js';
import type { StyleSheet } from './stylesheet.js';
import type { Align, Block, Cell, Inline, LayoutDocument, Paragraph, Row, Style, Table, VAlign } from './types.js';

interface Element {
  name: string;
  attrs: Record<string, string>;
  children: (Element | string)[];
  line: number;
}

const ATTRIBUTES: Record<string, string[]> = {
  document: ['size', 'orientation', 'margins', 'title', 'subject', 'author', 'sheet'],
  header: [],
  footer: [],
  p: ['style', 'align', 'ref'],
  table: ['columns', 'header-rows', 'caption'],
  row: [],
  cell: ['style', 'colspan', 'rowspan', 'align', 'valign', 'number', 'ref', 'field'],
  br: [],
  page: [],
  pages: [],
  pagebreak: [],
};

export const ELEMENTS = Object.keys(ATTRIBUTES);

export function parseMarkup(markup: string, styles: StyleSheet, created: Date, file: string): LayoutDocument {
  const root = parseElements(markup, file);
  const fail = (el: Element, code: string, message: string): never => {
    throw new LayoutError(code, message, file, el.line);
  };
  if (root.name !== 'document') fail(root, 'LAYOUT_ROOT', `根元素应为 <document>，实为 <${root.name}>`);

  const style = (el: Element): Style => {
    const name = el.attrs.style;
    if (name === undefined) return fail(el, 'LAYOUT_STYLE_MISSING', `<${el.name}> 缺少 style 属性`);
    const s = styles.styles[name];
    if (!s) return fail(el, 'UNKNOWN_STYLE', `样式“${name}”未在样式表中定义`);
    const align = el.attrs.align ?? s.align;
    const valign = el.attrs.valign ?? s.valign;
    if (!['left', 'center', 'right', 'justify'].includes(align)) fail(el, 'LAYOUT_ATTRIBUTE', `align="${align}" 无效`);
    if (!['top', 'middle', 'bottom'].includes(valign)) fail(el, 'LAYOUT_ATTRIBUTE', `valign="${valign}" 无效`);
    // Share the style sheet's object unless this element overrides it: big tables hold many cells.
    return align === s.align && valign === s.valign ? s : { ...s, align: align as Align, valign: valign as VAlign };
  };
  const int = (el: Element, attr: string, fallback: number): number => {
    const v = el.attrs[attr];
    if (v === undefined) return fallback;
    if (!/^\d+$/.test(v) || (Number(v) < 1 && attr !== 'header-rows')) fail(el, 'LAYOUT_ATTRIBUTE', `${attr}="${v}" 应为正整数`);
    return Number(v);
  };
  const numbers = (el: Element, attr: string, fallback = ''): number[] => {
    const parts = (el.attrs[attr] ?? fallback).trim().split(/\s+/).map(Number);
    if (parts.some((n) => !Number.isFinite(n) || n <= 0)) fail(el, 'LAYOUT_ATTRIBUTE', `${attr}="${el.attrs[attr] ?? ''}" 应为一组正数`);
    return parts;
  };
  const children = (el: Element, allowed: string[]): Element[] =>
    el.children.flatMap((c) => {
      if (typeof c === 'string') {
        if (c.trim() !== '') fail(el, 'LAYOUT_TEXT', `<${el.name}> 中不能直接出现文字“${c.trim().slice(0, 20)}”`);
        return [];
      }
      if (!allowed.includes(c.name)) fail(c, 'LAYOUT_NESTING', `<${c.name}> 不能出现在 <${el.name}> 中`);
      return [c];
    });
  const inlines = (el: Element): Inline[] => {
    const out: Inline[] = [];
    el.children.forEach((c) => {
      if (typeof c !== 'string') {
        if (c.name === 'br') out.push({ kind: 'break' });
        else if (c.name === 'page' || c.name === 'pages') out.push({ kind: 'field', field: c.name });
        else fail(c, 'LAYOUT_NESTING', `<${c.name}> 不能出现在 <${el.name}> 中`);
        return;
      }
      const text = c.replace(/^\s*\n\s*/, '').replace(/\s*\n\s*$/, '');
      text.split('\n').forEach((part, j) => {
        if (j > 0) out.push({ kind: 'break' });
        if (part !== '') out.push({ kind: 'text', text: part });
      });
    });
    return out;
  };
  const paragraph = (el: Element): Paragraph => {
    const p: Paragraph = { kind: 'paragraph', style: style(el), runs: inlines(el) };
    if (el.attrs.ref) p.ref = el.attrs.ref;
    return p;
  };
  const cell = (el: Element): Cell => {
    const c: Cell = { style: style(el), colspan: int(el, 'colspan', 1), rowspan: int(el, 'rowspan', 1), runs: inlines(el) };
    const n = el.attrs.number;
    if (n !== undefined && n !== '') {
      if (!Number.isFinite(Number(n))) fail(el, 'LAYOUT_ATTRIBUTE', `number="${n}" 不是数字`);
      c.number = Number(n);
    }
    if (el.attrs.ref) c.ref = el.attrs.ref;
    if (el.attrs.field) c.field = el.attrs.field;
    return c;
  };
  const table = (el: Element): Table => {
    const rows: Row[] = children(el, ['row']).map((r) => ({ cells: children(r, ['cell']).map(cell) }));
    const columns = numbers(el, 'columns');
    const headerRows = int(el, 'header-rows', 0);
    if (headerRows > rows.length) fail(el, 'LAYOUT_ATTRIBUTE', `header-rows=${headerRows} 多于表格行数`);
    checkGrid(rows, columns.length, (msg) => fail(el, 'LAYOUT_TABLE_SHAPE', msg));
    return { kind: 'table', columns, headerRows, rows, ...(el.attrs.caption ? { caption: el.attrs.caption } : {}) };
  };

  const header: Paragraph[] = [];
  const footer: Paragraph[] = [];
  const body: Block[] = [];
  for (const el of children(root, ['header', 'footer', 'p', 'table', 'pagebreak'])) {
    if (el.name === 'header') header.push(...children(el, ['p']).map(paragraph));
    else if (el.name === 'footer') footer.push(...children(el, ['p']).map(paragraph));
    else if (el.name === 'p') body.push(paragraph(el));
    else if (el.name === 'table') body.push(table(el));
    else body.push({ kind: 'pagebreak' });
  }
  const a = root.attrs;
  const margins = numbers(root, 'margins', '25 20 25 20');
  if (margins.length !== 4) fail(root, 'LAYOUT_ATTRIBUTE', 'margins 应为四个数（上 右 下 左，毫米）');
  const orientation = a.orientation ?? 'portrait';
  if (orientation !== 'portrait' && orientation !== 'landscape') fail(root, 'LAYOUT_ATTRIBUTE', `orientation="${orientation}" 无效`);
  if ((a.size ?? 'A4') !== 'A4') fail(root, 'LAYOUT_ATTRIBUTE', `暂只支持 A4 纸张，而非 ${a.size}`);
  const [top, right, bottom, left] = margins as [number, number, number, number];
  return {
    page: { size: 'A4', orientation: orientation as 'portrait' | 'landscape', margins: { top, right, bottom, left } },
    meta: {
      title: a.title ?? '',
      subject: a.subject ?? '',
      author: a.author ?? '',
      created,
      sheetName: sheetName(a.sheet ?? a.title ?? 'Sheet1'),
    },
    fonts: styles.fonts,
    header,
    footer,
    body,
  };
}

/** Every row must fill exactly the table's columns once spans from above are counted. */
function checkGrid(rows: Row[], width: number, fail: (msg: string) => never): void {
  const covered: number[] = new Array<number>(width).fill(0);
  rows.forEach((row, r) => {
    const filled = covered.map((n) => n > 0);
    let col = 0;
    for (const cell of row.cells) {
      while (col < width && filled[col]) col++;
      if (col + cell.colspan > width) fail(`第${r + 1}行的单元格超出了 ${width} 列`);
      for (let k = col; k < col + cell.colspan; k++) {
        filled[k] = true;
        covered[k] = cell.rowspan;
      }
      col += cell.colspan;
    }
    if (filled.some((f) => !f)) fail(`第${r + 1}行少于 ${width} 列`);
    for (let k = 0; k < width; k++) if (covered[k]! > 0) covered[k]!--;
  });
  if (covered.some((n) => n > 0)) fail('有单元格的 rowspan 超出了表格末行');
}

function sheetName(s: string): string {
  return s.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || 'Sheet1';
}

/** Whether markup is well-formed and uses only known elements and attributes (nothing else). */
export function parseMarkupSyntax(markup: string, file: string): void {
  parseElements(markup, file);
}

function parseElements(markup: string, file: string): Element {
  const parser = new SaxesParser({ position: true });
  const stack: Element[] = [];
  let root: Element | null = null;
  parser.on('opentag', (tag) => {
    const attrs = tag.attributes as Record<string, string>;
    const allowed = ATTRIBUTES[tag.name];
    if (!allowed) throw new LayoutError('LAYOUT_UNKNOWN_ELEMENT', `未知的元素 <${tag.name}>`, file, parser.line);
    for (const name of Object.keys(attrs)) {
      if (!allowed.includes(name)) {
        throw new LayoutError('LAYOUT_UNKNOWN_ATTRIBUTE', `<${tag.name}> 没有属性 ${name}`, file, parser.line);
      }
    }
    const el: Element = { name: tag.name, attrs, children: [], line: parser.line };
    stack.at(-1)?.children.push(el);
    stack.push(el);
    root ??= el;
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (t) => {
    const top = stack.at(-1);
    if (!top) return;
    const last = top.children.at(-1);
    if (typeof last === 'string') top.children[top.children.length - 1] = last + t;
    else top.children.push(t);
  });
  parser.on('error', (e) => {
    throw new LayoutError('LAYOUT_SYNTAX', `标记语法错误：${e.message}`, file, parser.line);
  });
  // Said before the parser's own (English) "must contain a root element".
  if (markup.trim() === '') throw new LayoutError('LAYOUT_EMPTY', '模板没有输出任何元素', file);
  parser.write(markup).close();
  return root!;
}
