/**
 * The style sheet file (styles.json) as data, checked at the edge: every key known, every
 * value of its kind, so that a wrong value is an error naming the file, the key and its
 * line, not a surprise in a writer. ./stylesheet.ts resolves the checked data.
 */
import { createRequire } from 'node:module';
import { LayoutError } from './layout-error.js';
import { PDF_STANDARDS, type Align, type FontFamily, type PdfStandard, type Style, type VAlign } from './types.js';

export type StyleProps = Omit<Style, 'name'>;
export type FontFileSpec = string | { path: string; face?: string };

export interface StyleSheetFile {
  fonts: Record<string, { office: FontFamily['office']; pdf: { normal: FontFileSpec; bold: FontFileSpec } }>;
  defaults: StyleProps;
  styles: Record<string, Partial<StyleProps> & { extends?: string }>;
  /** Settings of the PDF files: the archival standard (`--pdf-standard` overrides it). */
  pdf?: { standard?: PdfStandard };
}

const ALIGNS: readonly Align[] = ['left', 'center', 'right', 'justify'];
const VALIGNS: readonly VAlign[] = ['top', 'middle', 'bottom'];
/** Points: larger sizes and spacings are typing mistakes, not layouts. */
const MAX_POINTS = 500;

type Check = (v: unknown) => string | null;

const number = (min: number, max: number, inclusiveMin: boolean): Check => (v) =>
  typeof v === 'number' && Number.isFinite(v) && (inclusiveMin ? v >= min : v > min) && v <= max
    ? null
    : `应为${inclusiveMin ? '不小于' : '大于'} ${min}、不大于 ${max} 的数`;
const oneOf = (xs: readonly string[]): Check => (v) => (typeof v === 'string' && xs.includes(v) ? null : `应为 ${xs.join('、')} 之一`);
const boolean: Check = (v) => (typeof v === 'boolean' ? null : '应为 true 或 false');
const nonEmpty: Check = (v) => (typeof v === 'string' && v.trim() !== '' ? null : '应为非空文本');

/** Every style property and what its value must be (`font` is checked against `fonts`). */
const PROPERTIES: Record<keyof StyleProps, Check> = {
  font: nonEmpty,
  size: number(0, MAX_POINTS, false),
  bold: boolean,
  align: oneOf(ALIGNS),
  valign: oneOf(VALIGNS),
  lineHeight: number(0, 10, false),
  spaceBefore: number(0, MAX_POINTS, true),
  spaceAfter: number(0, MAX_POINTS, true),
  fill: (v) => (v === null || (typeof v === 'string' && /^#[0-9A-Fa-f]{6}$/.test(v)) ? null : '应为 #RRGGBB 形式的颜色，或 null'),
  border: boolean,
  numberFormat: (v) => (v === null || (typeof v === 'string' && v !== '') ? null : '应为电子表格数字格式（如 "#,##0.00"），或 null'),
};

type Path = string[];

/** Parses and checks styles.json; any fault is a LayoutError at the key's line. */
export function parseStyleSheetFile(text: string, file: string): StyleSheetFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new LayoutError('STYLESHEET_UNREADABLE', `样式表不是有效的 JSON：${(e as Error).message}`, file);
  }
  const c = new Checker(text, file);
  const root = c.object(data, []);
  c.only(root, ['fonts', 'defaults', 'styles', 'pdf'], []);
  if (root.pdf !== undefined) {
    const pdf = c.object(root.pdf, ['pdf']);
    c.only(pdf, ['standard'], ['pdf']);
    if (pdf.standard !== undefined) c.value(pdf.standard, oneOf(PDF_STANDARDS), ['pdf', 'standard']);
  }
  const fonts = c.object(c.need(root, 'fonts', []), ['fonts']);
  for (const [key, value] of Object.entries(fonts)) {
    const at = ['fonts', key];
    const family = c.object(value, at);
    c.only(family, ['office', 'pdf'], at);
    const office = c.object(c.need(family, 'office', at), [...at, 'office']);
    c.only(office, ['eastAsia', 'ascii'], [...at, 'office']);
    for (const k of ['eastAsia', 'ascii']) c.value(c.need(office, k, [...at, 'office']), nonEmpty, [...at, 'office', k]);
    const pdf = c.object(c.need(family, 'pdf', at), [...at, 'pdf']);
    c.only(pdf, ['normal', 'bold'], [...at, 'pdf']);
    for (const weight of ['normal', 'bold']) c.fontFile(c.need(pdf, weight, [...at, 'pdf']), [...at, 'pdf', weight]);
  }
  const properties = (o: Record<string, unknown>, path: Path) => {
    for (const [key, value] of Object.entries(o)) {
      if (key === 'extends' && path[0] === 'styles') continue;
      if (!Object.hasOwn(PROPERTIES, key)) c.fail([...path, key], `是未知的样式属性（可用：${Object.keys(PROPERTIES).join('、')}）`);
      c.value(value, PROPERTIES[key as keyof StyleProps], [...path, key]);
      if (key === 'font' && !Object.hasOwn(fonts, value as string)) c.fail([...path, key], `使用了未定义的字体“${String(value)}”`);
    }
  };
  const defaults = c.object(c.need(root, 'defaults', []), ['defaults']);
  properties(defaults, ['defaults']);
  for (const key of Object.keys(PROPERTIES)) c.need(defaults, key, ['defaults']);
  const styles = c.object(c.need(root, 'styles', []), ['styles']);
  for (const [name, value] of Object.entries(styles)) {
    const style = c.object(value, ['styles', name]);
    properties(style, ['styles', name]);
    const parent = style.extends;
    if (parent !== undefined && (typeof parent !== 'string' || !Object.hasOwn(styles, parent))) {
      c.fail(['styles', name, 'extends'], `继承的样式“${String(parent)}”未定义`);
    }
  }
  return data as StyleSheetFile;
}

/** Checks of one style sheet's values; each failure names the key path and its line. */
class Checker {
  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  fail(path: Path, why: string): never {
    const key = path.join('.') || '（顶层）';
    throw new LayoutError('STYLESHEET_INVALID', `样式表中 ${key} ${why}`, this.file, lineOf(this.text, path));
  }

  object(v: unknown, path: Path): Record<string, unknown> {
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : this.fail(path, '应为对象');
  }

  only(o: Record<string, unknown>, keys: readonly string[], path: Path): void {
    for (const k of Object.keys(o)) if (!keys.includes(k)) this.fail([...path, k], `是未知的键（可用：${keys.join('、')}）`);
  }

  need(o: Record<string, unknown>, key: string, path: Path): unknown {
    return Object.hasOwn(o, key) ? o[key] : this.fail(path, `缺少“${key}”`);
  }

  value(v: unknown, check: Check, path: Path): void {
    const why = check(v);
    if (why) this.fail(path, `的值 ${JSON.stringify(v)} 无效：${why}`);
  }

  /** A font file: a path, or `{path, face}` for a face of a collection. */
  fontFile(spec: unknown, path: Path): void {
    if (typeof spec === 'string') return this.value(spec, nonEmpty, path);
    const o = this.object(spec, path);
    this.only(o, ['path', 'face'], path);
    this.value(this.need(o, 'path', path), nonEmpty, [...path, 'path']);
    if (o.face !== undefined) this.value(o.face, nonEmpty, [...path, 'face']);
  }
}

/**
 * The line of the key at `path` (or of its nearest existing ancestor), found with the yaml
 * package, which reads JSON with positions.
 */
export function lineOf(text: string, path: Path): number | undefined {
  const { LineCounter, parseDocument, isMap, isScalar } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  for (let n = path.length; n > 0; n--) {
    const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
    if (!isMap(parent)) continue;
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[n - 1]);
    const offset = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
    if (offset !== undefined) return lineCounter.linePos(offset).line;
  }
  return undefined;
}
