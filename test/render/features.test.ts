/**
 * What every writer must do, checked on the bytes it writes, read back as a user's software
 * would (./writers.ts): nothing lost, spans, malformed tables, page breaks, fonts,
 * reproducible bytes. What a format does by its nature (pages or manual breaks, which font
 * name a reader finds) comes from its adapter; format-specific checks stay in ./pdf,
 * ./docx and ./xlsx.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Block, Cell, Inline, LayoutDocument, Paragraph, Style, Table } from '../../src/layout/types.js';
import { FORMATS } from '../../src/render/index.js';
import { placeCells } from '../../src/render/table-grid.js';
import { notoSerifFile, projectRow, sampleLayout, style } from '../fixtures/sample-layout.js';
import type { PlacedText } from '../helpers/table-cells.js';
import { WRITERS } from './writers.js';

const t = (text: string): Inline => ({ kind: 'text', text });
const cell = (text: string, extra: Partial<Cell> = {}): Cell => ({ style: style('c'), colspan: 1, rowspan: 1, runs: [t(text)], ...extra });
const para = (text: string, s: Style = style('p', { border: false })): Paragraph => ({ kind: 'paragraph', style: s, runs: [t(text)] });
const squash = (s: string) => s.replace(/\s+/g, '');
const textOf = (runs: Inline[]) => runs.flatMap((r) => (r.kind === 'text' ? [r.text] : [])).join('');
const names = (xs: string[]) => [...new Set(xs)].sort();

/** The sample's page and fonts with just these blocks, and no header or footer: a page's text is the body's. */
function layoutWith(body: Block[]): LayoutDocument {
  return { ...sampleLayout(), header: [], footer: [], body };
}

/** The body's paragraphs and cells: their runs and styles. */
function bodyTexts(layout: LayoutDocument): { runs: Inline[]; style: Style }[] {
  return layout.body.flatMap((b): { runs: Inline[]; style: Style }[] =>
    b.kind === 'paragraph' ? [b] : b.kind === 'table' ? b.rows.flatMap((r) => r.cells) : [],
  );
}

const runTexts = (layout: LayoutDocument) => bodyTexts(layout).flatMap((x) => x.runs.flatMap((r) => (r.kind === 'text' ? [r.text] : [])));
/** The styles the body's text is set in. */
const textStyles = (layout: LayoutDocument) => bodyTexts(layout).filter((x) => textOf(x.runs) !== '').map((x) => x.style);

/** Lines short enough never to wrap in the 绩效指标 column: only a page break can split the cell. */
const tallLines = Array.from({ length: 120 }, (_, i) => `${i + 1}、指标第${i + 1}条；年度指标值：${i + 1}人次。`);
const digits = '1234567890'.repeat(6);
const markup = `A&B <c> "d" 'e' &amp; </w:t>`;
/** CJK Extension B, outside the BMP (surrogate pairs), and in Noto Serif SC. */
const astral = '𠂇𠂉𠃌𠅤';

/** The sample with a cell taller than a page, long digit runs (also as an amount's text), markup characters, astral characters. */
function everything(): LayoutDocument {
  const digitRow = projectRow(`数字${digits}`, 1, digits, [`1、${digits}`]);
  const { number: _, ...amount } = digitRow.cells[1]!;
  digitRow.cells[1] = { ...amount, runs: [t(digits)] };
  const layout = sampleLayout([
    projectRow('超长指标项目', 10, '目标', tallLines),
    digitRow,
    projectRow(`标记${markup}`, 2, `目标${markup}`, [`1、${markup}`, `2、${astral}`]),
  ]);
  layout.body.push(para(`段落${markup}${astral}`));
  return layout;
}

// ┌───┬───────┬───┐
// │ a │ b     │ c │
// │   ├───┬───┼───┤
// │   │ d │ e │ f │
// ├───┴───┴───┼───┤
// │ g         │ h │
// ├───┬───────┼───┤
// │ i │ j     │ k │
// ├───┤       ├───┤
// │ l │       │ m │
// └───┴───────┴───┘
const spans: Table = {
  kind: 'table',
  columns: [1, 1, 1, 1],
  headerRows: 0,
  rows: [
    { cells: [cell('a', { rowspan: 2 }), cell('b', { colspan: 2 }), cell('c')] },
    { cells: [cell('d'), cell('e'), cell('f')] },
    { cells: [cell('g', { colspan: 3 }), cell('h')] },
    { cells: [cell('i'), cell('j', { colspan: 2, rowspan: 2 }), cell('k')] },
    { cells: [cell('l'), cell('m')] },
  ],
};
const at = (text: string, row: number, col: number, rowspan = 1, colspan = 1): PlacedText => ({ text, row, col, rowspan, colspan });
const spansPlaced = [
  at('a', 0, 0, 2), at('b', 0, 1, 1, 2), at('c', 0, 3),
  at('d', 1, 1), at('e', 1, 2), at('f', 1, 3),
  at('g', 2, 0, 1, 3), at('h', 2, 3),
  at('i', 3, 0), at('j', 3, 1, 2, 2), at('k', 3, 3),
  at('l', 4, 0), at('m', 4, 3),
];

/** Every fault placeCells knows: header rows past the rows, a row too long, a colspan and a rowspan past the edge, a row too short. */
const malformed: Table = {
  kind: 'table',
  columns: [1, 1, 1],
  headerRows: 6,
  rows: [
    { cells: [cell('甲'), cell('乙'), cell('丙'), cell('多出的格', { ref: 'probe:1' })] },
    { cells: [cell('丁'), cell('戊', { colspan: 4, ref: 'probe:2' })] },
    { cells: [cell('己', { rowspan: 5, ref: 'probe:3' }), cell('庚')] },
    { cells: [cell('辛'), cell('壬')] },
  ],
};

const pageBreak: Block = { kind: 'pagebreak' };

/** The sample with its (bold) title and first (regular) line in a second family, whose PDF files are other weights. */
function twoFamilies(): LayoutDocument {
  const layout = sampleLayout();
  layout.fonts['sans'] = {
    office: { eastAsia: '黑体', ascii: 'Arial' },
    pdf: { normal: { path: notoSerifFile('500Medium') }, bold: { path: notoSerifFile('900Black') } },
  };
  for (const p of layout.body.slice(0, 2) as Paragraph[]) p.style = { ...p.style, font: 'sans' };
  return layout;
}

it('has an adapter for every format the registry lists', () => {
  expect(WRITERS.map((w) => w.format)).toEqual([...FORMATS]);
});

describe.each(WRITERS.map((w) => [w.format, w] as const))('the %s writer', (_format, writer) => {
  const render = async (layout: LayoutDocument) => {
    const { bytes, warnings } = await writer.render(layout);
    return { bytes, warnings, read: await writer.read(bytes, layout) };
  };

  it('loses no text run: a cell taller than a page, long digit runs, markup characters, characters outside the BMP', async () => {
    const layout = everything();
    const { read, warnings } = await render(layout);
    for (const text of runTexts(layout)) expect(read.text).toContain(squash(text));
    expect(warnings.map((w) => w.code)).toEqual(writer.tallCellWarnings);
  });

  it('reads rowspan and colspan cells back where they were placed, without warnings', async () => {
    const { read, warnings } = await render(layoutWith([spans]));
    expect(warnings).toEqual([]);
    expect(read.table).toEqual(spansPlaced);
  });

  it('places a malformed table as placeCells does: its TABLE_SHAPE warnings, every placed cell, not the dropped one', async () => {
    const grid = placeCells(malformed);
    const { read, warnings } = await render(layoutWith([malformed]));
    expect(grid.warnings).toHaveLength(5);
    expect(warnings).toEqual(grid.warnings);
    const placed = grid.cells.map((p) => at(squash(textOf(p.cell.runs)), p.row, p.col, p.rowspan, p.colspan));
    expect(read.table).toEqual(placed);
    expect(read.text).not.toContain('多出的格');
  });

  const breaks = writer.pages === 'laid-out' ? 'a break starts a page, two leave an empty one' : 'a sheet breaks between rows, two breaks as one';
  it(`breaks pages where the layout does: ${breaks}`, async () => {
    const { read } = await render(layoutWith([para('第一段'), pageBreak, para('第二段'), pageBreak, pageBreak, para('第三段')]));
    expect(read.pages).toEqual(writer.pages === 'laid-out' ? ['第一段', '第二段', '', '第三段'] : ['第一段', '第二段', '第三段']);
  });

  it('sets text in the fonts the style sheet names for this format', async () => {
    const layout = twoFamilies();
    const { read, warnings } = await render(layout);
    expect(warnings).toEqual([]);
    expect(read.fonts).toEqual(names(textStyles(layout).map((s) => writer.fontName(layout.fonts[s.font]!, s.bold))));
  });

  const onUnknownFont = {
    throws: 'fails, naming it',
    documentDefault: "warns FONT_UNKNOWN and sets the text in the document's default font",
    unnamed: 'warns FONT_UNKNOWN and leaves the font unnamed',
  }[writer.unknownFont];
  it(`given a style naming a font family the document does not define, ${onUnknownFont}`, async () => {
    const layout = sampleLayout();
    layout.body.push(para('字体未定义的段落', style('p', { font: 'nope' })));
    const known = names(textStyles(sampleLayout()).map((s) => writer.fontName(layout.fonts[s.font]!, s.bold)));
    if (writer.unknownFont === 'throws') {
      await expect(writer.render(layout)).rejects.toThrow(/“nope”/);
      return;
    }
    const { read, warnings } = await render(layout);
    expect(warnings).toEqual([{ code: 'FONT_UNKNOWN', message: expect.stringContaining('“nope”') }]);
    expect(read.text).toContain('字体未定义的段落');
    // Word's default is the family most paragraphs use (serif here); Excel's has no name.
    const fallback = writer.unknownFont === 'unnamed' ? '' : writer.fontName(layout.fonts['serif']!, false);
    expect(read.fonts).toEqual(names([...known, fallback]));
  });

  it('renders the same layout to the same bytes: at another time, in another time zone, with other random numbers, concurrently', async () => {
    const first = (await writer.render(sampleLayout())).bytes;
    const zone = process.env.TZ;
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2031-07-15T13:57:31Z') });
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.42);
    process.env.TZ = 'America/Los_Angeles';
    try {
      const again = await Promise.all([writer.render(sampleLayout()), writer.render(sampleLayout())]);
      for (const { bytes } of again) expect(Buffer.compare(Buffer.from(first), Buffer.from(bytes))).toBe(0);
    } finally {
      vi.useRealTimers();
      random.mockRestore();
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
