/**
 * The layout markup that templates write, parsed into the layout tree. The vocabulary is
 * small and closed (docs/markup.md); anything else is an error with its line.
 *
 *   <document size orientation margins title subject author sheet>
 *     <header>/<footer> with <p>s · <p style align ref outline outline-level heading> · <table columns header-rows caption>
 *     <row> · <cell style colspan rowspan align valign number ref field outline outline-level link scope> · <pagebreak/>
 *   inline, in <p> and <cell>: text, <br/>, <page/> (page number), <pages/> (page count)
 *
 * Whitespace: text that is only whitespace between elements is ignored, and leading or
 * trailing whitespace that spans a line break is template indentation, not content.
 * A line break inside text is a line break in the output.
 */
import { SaxesParser } from 'saxes';
import { LayoutError } from './layout-error.js';
import type { StyleSheet } from './stylesheet.js';
import type { Align, Block, Cell, Inline, LayoutDocument, Outline, Paragraph, Row, Style, Table, VAlign } from './types.js';

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
  p: ['style', 'align', 'ref', 'outline', 'outline-level', 'heading'],
  table: ['columns', 'header-rows', 'caption'],
  row: [],
  cell: ['style', 'colspan', 'rowspan', 'align', 'valign', 'number', 'ref', 'field', 'outline', 'outline-level', 'link', 'scope'],
  br: [],
  page: [],
  pages: [],
  pagebreak: [],
};

export const ELEMENTS = Object.keys(ATTRIBUTES);

/** Outline levels: 1 (the top) to 6. */
const MAX_OUTLINE_LEVEL = 6;
/** Characters a link may have, at most. */
const MAX_LINK_LENGTH = 1000;

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
  // The level of the last outline entry, in document order (0 before the first).
  let outlineLevel = 0;
  /** `repeated`: why the element cannot carry an entry (it repeats on every page), or undefined. */
  const outline = (el: Element, repeated?: string): Outline | undefined => {
    const title = el.attrs.outline;
    const given = el.attrs['outline-level'];
    if (title === undefined) {
      if (given !== undefined) fail(el, 'LAYOUT_ATTRIBUTE', `outline-level="${given}" 须与 outline 同用`);
      return undefined;
    }
    if (repeated) fail(el, 'LAYOUT_OUTLINE', `${repeated}不能带书签 outline（它在每一页重复）`);
    if (title.trim() === '') fail(el, 'LAYOUT_ATTRIBUTE', 'outline 不能为空');
    const level = given ?? '1';
    if (!/^[1-9]$/.test(level) || Number(level) > MAX_OUTLINE_LEVEL) {
      fail(el, 'LAYOUT_ATTRIBUTE', `outline-level="${level}" 应为 1 到 ${MAX_OUTLINE_LEVEL} 的整数`);
    }
    const n = Number(level);
    if (n > outlineLevel + 1) {
      fail(
        el,
        'LAYOUT_OUTLINE',
        outlineLevel === 0
          ? `第一个书签应为第 1 级，而非第 ${n} 级`
          : `书签“${title}”为第 ${n} 级，但上一个书签为第 ${outlineLevel} 级：每次最多深一级`,
      );
    }
    outlineLevel = n;
    return { level: n, title };
  };
  /** `band`: a header or footer paragraph. */
  const paragraph = (el: Element, band?: string): Paragraph => {
    const p: Paragraph = { kind: 'paragraph', style: style(el), runs: inlines(el) };
    if (el.attrs.ref) p.ref = el.attrs.ref;
    const o = outline(el, band);
    if (o) p.outline = o;
    const heading = el.attrs.heading;
    if (heading !== undefined) {
      if (band) fail(el, 'LAYOUT_ATTRIBUTE', `${band}不能是标题 heading（它在每一页重复）`);
      if (!/^[1-6]$/.test(heading)) fail(el, 'LAYOUT_ATTRIBUTE', `heading="${heading}" 应为 1 到 6 的整数`);
      p.heading = Number(heading);
    }
    return p;
  };
  const cell = (el: Element, header: boolean): Cell => {
    const c: Cell = { style: style(el), colspan: int(el, 'colspan', 1), rowspan: int(el, 'rowspan', 1), runs: inlines(el) };
    const n = el.attrs.number;
    if (n !== undefined && n !== '') {
      if (!Number.isFinite(Number(n))) fail(el, 'LAYOUT_ATTRIBUTE', `number="${n}" 不是数字`);
      c.number = Number(n);
    }
    if (el.attrs.ref) c.ref = el.attrs.ref;
    if (el.attrs.field) c.field = el.attrs.field;
    const o = outline(el, header ? '表头行（header-rows）的单元格' : undefined);
    if (o) c.outline = o;
    if (el.attrs.link !== undefined) {
      const refusal = linkRefusal(el.attrs.link);
      if (refusal) fail(el, 'LAYOUT_ATTRIBUTE', refusal);
      c.link = el.attrs.link;
    }
    const scope = el.attrs.scope;
    if (scope !== undefined) {
      if (scope !== 'row' && scope !== 'col') fail(el, 'LAYOUT_ATTRIBUTE', `scope="${scope}" 应为 row 或 col`);
      c.scope = scope as 'row' | 'col';
    }
    return c;
  };
  const table = (el: Element): Table => {
    const headerRows = int(el, 'header-rows', 0);
    const rows: Row[] = children(el, ['row']).map((r, i) => ({ cells: children(r, ['cell']).map((c) => cell(c, i < headerRows)) }));
    const columns = numbers(el, 'columns');
    if (headerRows > rows.length) fail(el, 'LAYOUT_ATTRIBUTE', `header-rows=${headerRows} 多于表格行数`);
    checkGrid(rows, columns.length, (msg) => fail(el, 'LAYOUT_TABLE_SHAPE', msg));
    return { kind: 'table', columns, headerRows, rows, ...(el.attrs.caption ? { caption: el.attrs.caption } : {}) };
  };

  const header: Paragraph[] = [];
  const footer: Paragraph[] = [];
  const body: Block[] = [];
  for (const el of children(root, ['header', 'footer', 'p', 'table', 'pagebreak'])) {
    if (el.name === 'header') header.push(...children(el, ['p']).map((p) => paragraph(p, '页眉中的 <p> ')));
    else if (el.name === 'footer') footer.push(...children(el, ['p']).map((p) => paragraph(p, '页脚中的 <p> ')));
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

/**
 * Why `link` is not a relative path to a file beside the output (undefined when it is one):
 * it must not name a scheme (`javascript:`, `http:`, `C:`), start at a root (`/`, `\\`),
 * climb out (`..`), use a backslash (not a separator everywhere) or hold control characters.
 */
function linkRefusal(link: string): string | undefined {
  const chars = [...link];
  const shown = chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : link;
  if (link === '') return 'link 不能为空';
  if (chars.length > MAX_LINK_LENGTH) return `link 有 ${chars.length} 个字符，超过 ${MAX_LINK_LENGTH} 个`;
  // C0, DEL and C1 controls (nothing a file name should hold, and shown as nothing), and
  // lone surrogates (no file name, and no UTF-8 to percent-encode).
  const control = /[\u0000-\u001f\u007f-\u009f]|\p{Cs}/u.exec(link);
  if (control) return `link 含控制字符或无效字符 U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(link)) return `link="${shown}" 应为相对路径，不能带协议或盘符`;
  if (/^[/\\]/.test(link)) return `link="${shown}" 应为相对路径，不能以 / 或 \\ 开头`;
  if (link.includes('\\')) return `link="${shown}" 不能含反斜杠 \\（文件夹之间请用 /）`;
  if (link.split('/').includes('..')) return `link="${shown}" 不能含 ..（只能链接到输出旁边的文件）`;
  return undefined;
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
