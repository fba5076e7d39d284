/**
 * The HTML writer's style sheet read back as a browser would apply it to each element: every
 * class a cell or paragraph carries declares exactly what its layout style says (font, size,
 * weight, alignment, line height, spacing, fill, rules), the margin boxes hold the header and
 * footer (with their own look, never a fill or rule), and print hides the on-screen bands.
 * (The workbench's browser tests print it in Chromium; these run where mutation testing sees them.)
 */
import { describe, expect, it } from 'vitest';
import type { Cell, LayoutDocument, Paragraph, Style } from '../../../src/layout/types.js';
import { renderHtml } from '../../../src/render/html/index.js';
import { cssString } from '../../../src/render/html/css.js';
import { sampleLayout, style } from '../../fixtures/sample-layout.js';

const page = async (layout: LayoutDocument) => new TextDecoder().decode((await renderHtml(layout)).bytes);

/** `.sN { a: b; c: d }` rules of the sheet, by class. */
function classRules(html: string): Map<string, Record<string, string>> {
  const rules = new Map<string, Record<string, string>>();
  for (const m of html.matchAll(/^\.([sw]\d+) \{ (.*?) \}/gm)) {
    rules.set(m[1]!, Object.fromEntries(m[2]!.split('; ').map((d) => d.split(': ') as [string, string])));
  }
  return rules;
}

/** What a style must declare, as CSS. */
function expected(s: Style, fonts: LayoutDocument['fonts']): Record<string, string> {
  const f = fonts[s.font]!.office;
  return {
    'font-family': `${cssString(f.ascii)}, ${cssString(f.eastAsia)}`,
    'font-size': `${Number(s.size.toFixed(3))}pt`,
    'font-weight': s.bold ? '700' : '400',
    'text-align': s.align,
    'vertical-align': s.valign,
    'line-height': String(s.lineHeight),
    margin: `${s.spaceBefore}pt 0 ${s.spaceAfter}pt`,
    ...(s.fill === null ? {} : { 'background-color': s.fill }),
    ...(s.border ? { border: '0.5pt solid #000' } : {}),
  };
}

describe('the HTML style sheet', () => {
  it('gives every cell and paragraph a class declaring exactly its layout style', async () => {
    const doc = sampleLayout();
    // Every look the writer knows: a fill without rules, a spaced bold paragraph, an odd size.
    const extra: Paragraph = { kind: 'paragraph', style: style('spaced', { size: 13.3333, bold: true, spaceBefore: 4, spaceAfter: 7, border: false, fill: '#ABCDEF', valign: 'bottom', lineHeight: 1.75 }), runs: [{ kind: 'text', text: '特别段落' }] };
    const layout = { ...doc, body: [...doc.body, extra] };
    const html = await page(layout);
    const rules = classRules(html);
    const elements = [...html.matchAll(/<(td|th|p) class="([^"]+)"[^>]*>([^<]*)</g)].map((m) => ({ classes: m[2]!.split(' '), text: m[3]! }));
    const blocks: (Paragraph | Cell)[] = layout.body.flatMap((b): (Paragraph | Cell)[] =>
      b.kind === 'paragraph' ? [b] : b.kind === 'table' ? b.rows.flatMap((r) => r.cells) : [],
    );
    const styled = blocks.map((x) => ({ text: x.runs.map((r) => (r.kind === 'text' ? r.text : '')).join(''), style: x.style }));
    let checked = 0;
    for (const { text, style: s } of styled) {
      // Text with markup characters is escaped in the page: the plain ones are enough to find each style.
      if (text === '' || /[\n<>&"']/.test(text)) continue;
      const el = elements.find((e) => e.text === text);
      expect(el, text).toBeDefined();
      const declared = Object.assign({}, ...el!.classes.filter((c) => /^s\d+$/.test(c)).map((c) => rules.get(c)));
      expect(declared, text).toEqual(expected(s, layout.fonts));
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
    // Columns: a width class per column, summing to the whole width.
    const widths = [...rules].filter(([c]) => c.startsWith('w')).map(([, r]) => parseFloat(r.width!));
    expect(widths.length).toBeGreaterThan(0);
    expect(widths.every((w) => w > 0)).toBe(true);
  });

  it('puts header and footer in the margin boxes of their alignment, in their own type, never filled or ruled', async () => {
    const doc = sampleLayout();
    const band = (align: Style['align'], text: string): Paragraph => ({
      kind: 'paragraph',
      style: style(`band-${align}`, { align, size: 8, bold: align === 'right', fill: '#FF0000', border: true, spaceBefore: 5 }),
      runs: [{ kind: 'text', text }, { kind: 'break' }, { kind: 'field', field: 'page' }, { kind: 'text', text: '/' }, { kind: 'field', field: 'pages' }],
    });
    const html = await page({ ...doc, header: [band('left', '左"栏'), band('right', '右栏')], footer: [band('center', '中栏'), { ...band('justify', ''), runs: [] }] });
    const box = (name: string) => new RegExp(`^  @${name} \\{ (.*) \\}$`, 'm').exec(html)?.[1];
    expect(box('top-left')).toBe(`content: "左\\22 栏" "\\A" counter(page) "/" counter(pages); white-space: pre; font-family: ${expected(band('left', '').style, doc.fonts)['font-family']}; font-size: 8pt; font-weight: 400; text-align: left; vertical-align: middle; line-height: 1.2; margin: 0pt 0 0pt;`);
    expect(box('top-right')).toContain('font-weight: 700; text-align: right;');
    // Two footer paragraphs of different alignments: centre and (justify →) left, the empty one an empty string.
    expect(box('bottom-center')).toMatch(/^content: "中栏" /);
    expect(box('bottom-left')).toMatch(/^content: ""; /);
    for (const b of ['top-left', 'top-right', 'bottom-center']) expect(box(b)).not.toMatch(/background|border/);
    expect(html).not.toMatch(/@top-center|@bottom-right/);
  });

  it('prints without the screen\'s bands, backgrounds and padding; narrows the padding on small screens', async () => {
    const html = await page(sampleLayout());
    const print = /^@media print \{\n([\s\S]*?)\n\}$/m.exec(html)?.[1];
    expect(print).toBe(
      ['  html, body { background: none; }', '  body { padding: 0; width: auto; max-width: none; }', '  .page-break { break-after: page; border: 0; margin: 0; }', '  .empty-page { height: 1px; }', '  .band { display: none; }'].join('\n'),
    );
    expect(html).toMatch(/^@media screen and \(max-width: 297mm\) \{ body \{ padding: 4mm; \} \}$/m);
    expect(html).toMatch(/^\.band \{ color: #555; \}$/m);
  });

  it('keeps a style name from ending its comment or the sheet', async () => {
    const doc = sampleLayout();
    const odd: Paragraph = { kind: 'paragraph', style: style('a*/b</style>\nc'), runs: [{ kind: 'text', text: 'x' }] };
    const html = await page({ ...doc, body: [...doc.body, odd] });
    expect(html).toMatch(/ \/\* a\* \/b \/style> c \*\/$/m);
    expect(html).not.toContain('</style>\nc');
  });
});
