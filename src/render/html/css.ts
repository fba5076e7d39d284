/**
 * The page's style sheet, from the layout's styles and page setup: one class per distinct
 * style (in order of first use, so the bytes are reproducible), A4 in print with the
 * header and footer in the page's margin boxes (`第 counter(page) 页`), and on screen the
 * same text width as the printed page.
 */
import { pageSizeMm, textWidthMm } from '../../layout/page.js';
import type { FontFamily, Inline, LayoutDocument, Paragraph, Style } from '../../layout/types.js';
import { unknownFontWarning, type WarningList } from '../warnings.js';

/** Class names of the styles used, and the rules that define them. */
export class StyleClasses {
  private readonly byKey = new Map<string, string>();
  private readonly rules: string[] = [];

  constructor(
    private readonly fonts: Record<string, FontFamily>,
    private readonly warnings: WarningList,
  ) {}

  /** The class of `style`, defined on first use. */
  classOf(style: Style): string {
    const key = JSON.stringify(style);
    let name = this.byKey.get(key);
    if (name === undefined) {
      name = `s${this.byKey.size + 1}`;
      this.byKey.set(key, name);
      this.rules.push(`.${name} { ${this.declarations(style)} } /* ${cssComment(style.name)} */`);
    }
    return name;
  }

  /**
   * The class of a table column `percent` wide: a class, not a `style` attribute, so that
   * the page needs no inline styles beyond its one style sheet (a strict CSP can allow that
   * sheet by its hash alone).
   */
  columnClass(percent: number): string {
    const key = `col ${percent}`;
    let name = this.byKey.get(key);
    if (name === undefined) {
      name = `w${this.byKey.size + 1}`;
      this.byKey.set(key, name);
      this.rules.push(`.${name} { width: ${percent}% }`);
    }
    return name;
  }

  get css(): string {
    return this.rules.join('\n');
  }

  /** font, size, weight, alignment, line height, fill and border: the style as CSS. */
  declarations(style: Style): string {
    const family = this.fontFamily(style.font);
    return [
      ...(family === null ? [] : [`font-family: ${family}`]),
      `font-size: ${pt(style.size)}`,
      `font-weight: ${style.bold ? 700 : 400}`,
      `text-align: ${style.align}`,
      `vertical-align: ${style.valign}`,
      `line-height: ${style.lineHeight}`,
      `margin: ${pt(style.spaceBefore)} 0 ${pt(style.spaceAfter)}`,
      ...(style.fill === null ? [] : [`background-color: ${style.fill}`]),
      ...(style.border ? ['border: 0.5pt solid #000'] : []),
    ].join('; ');
  }

  /** The Office names, Latin face first as Word uses it for Latin text; null (and a warning) for an unknown family. */
  private fontFamily(key: string): string | null {
    const family = Object.hasOwn(this.fonts, key) ? this.fonts[key] : undefined;
    if (family === undefined) {
      this.warnings.add(unknownFontWarning(key));
      return null;
    }
    return `${cssString(family.office.ascii)}, ${cssString(family.office.eastAsia)}`;
  }
}

/** The page setup, the margin boxes, and how blocks look on screen and in print. */
export function pageCss(doc: LayoutDocument, classes: StyleClasses): string {
  const { width } = pageSizeMm(doc.page);
  const m = doc.page.margins;
  return [
    `@page {`,
    `  size: A4 ${doc.page.orientation};`,
    `  margin: ${m.top}mm ${m.right}mm ${m.bottom}mm ${m.left}mm;`,
    ...marginBoxes('top', doc.header, classes),
    ...marginBoxes('bottom', doc.footer, classes),
    `}`,
    `html { background: #f2f2f2; }`,
    `body { margin: 0 auto; padding: ${m.top}mm ${m.right}mm ${m.bottom}mm ${m.left}mm; width: ${textWidthMm(doc.page)}mm; max-width: calc(100% - ${m.left + m.right}mm); background: #fff; color: #000; }`,
    `p { white-space: pre-wrap; overflow-wrap: anywhere; }`,
    // An empty paragraph keeps its line, as on the printed page.
    `p:empty::before { content: "\\200B"; }`,
    `table { border-collapse: collapse; table-layout: fixed; width: 100%; }`,
    `th, td { padding: 1.5pt 3pt; white-space: pre-wrap; overflow-wrap: anywhere; }`,
    `thead { display: table-header-group; }`,
    `.page-break { border-top: 1px dashed #999; margin: 6mm -${m.right}mm 6mm -${m.left}mm; }`,
    `.band { color: #555; }`,
    // The title paragraph above shows what the caption says: the caption is for screen readers.
    `.caption { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }`,
    `@media print {`,
    `  html, body { background: none; }`,
    `  body { padding: 0; width: auto; max-width: none; }`,
    `  .page-break { break-after: page; border: 0; margin: 0; }`,
    `  .empty-page { height: 1px; }`,
    `  .band { display: none; }`,
    `}`,
    `@media screen and (max-width: ${width}mm) { body { padding: 4mm; } }`,
  ].join('\n');
}

/** Header or footer paragraphs in the margin boxes of their alignment, each paragraph a line. */
function marginBoxes(edge: 'top' | 'bottom', paragraphs: readonly Paragraph[], classes: StyleClasses): string[] {
  const boxes = new Map<string, Paragraph[]>();
  for (const p of paragraphs) {
    const side = p.style.align === 'center' ? 'center' : p.style.align === 'right' ? 'right' : 'left';
    boxes.set(side, [...(boxes.get(side) ?? []), p]);
  }
  return [...boxes].map(([side, ps]) => {
    const content = ps.map((p) => contentOf(p.runs)).join(' "\\A" ');
    const style = classes.declarations({ ...ps[0]!.style, spaceBefore: 0, spaceAfter: 0, border: false, fill: null });
    return `  @${edge}-${side} { content: ${content}; white-space: pre; ${style}; }`;
  });
}

/** Runs as a CSS `content` value: strings, line breaks, and the page counters. */
function contentOf(runs: readonly Inline[]): string {
  const parts = runs.map((r) =>
    r.kind === 'text' ? cssString(r.text) : r.kind === 'break' ? '"\\A"' : r.field === 'page' ? 'counter(page)' : 'counter(pages)',
  );
  return parts.length === 0 ? '""' : parts.join(' ');
}

/** A CSS string: quotes and backslashes escaped, line breaks as `\A`, and `<` escaped so no `</style>` can close the sheet. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"<\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase()} `)}"`;
}

/** A style name inside a CSS comment, which no star-slash in it may end. */
function cssComment(text: string): string {
  return text.replace(/\*\//g, '* /').replace(/[<\n\r]/g, ' ');
}

/** Points, as CSS writes them: at most three decimals, so the bytes do not depend on float noise. */
function pt(n: number): string {
  return `${Number(n.toFixed(3))}pt`;
}
