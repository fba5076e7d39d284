/**
 * The Excel writer's own ways, read through exceljs and the sheet's XML: numbers and their
 * formats, styles, column widths and row heights, print setup, header and footer. What
 * every writer must do (no text lost, spans, malformed tables, page breaks, fonts,
 * reproducible bytes) is checked for all of them in ../features.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Cell, Inline, LayoutDocument, Paragraph, Row, Table } from '../../../src/layout/types.js';
import { renderXlsx } from '../../../src/render/xlsx/index.js';
import { projectRow, sampleLayout, style } from '../../fixtures/sample-layout.js';
import { canRun, READERS } from '../../helpers/readers.js';

const t = (text: string): Inline => ({ kind: 'text', text });
const textOf = (runs: Inline[]) => runs.map((r) => (r.kind === 'text' ? r.text : r.kind === 'break' ? '\n' : '')).join('');
const cell = (text: string, extra: Partial<Cell> = {}): Cell => ({
  style: style('c'),
  colspan: 1,
  rowspan: 1,
  runs: [t(text)],
  ...extra,
});
const tableOf = (doc: LayoutDocument) => doc.body.find((b): b is Table => b.kind === 'table')!;

async function render(doc: LayoutDocument) {
  const { bytes, warnings } = await renderXlsx(doc);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(new Uint8Array(bytes).buffer);
  return { bytes, warnings, book, sheet: book.worksheets[0]! };
}

async function sheetXml(bytes: Uint8Array): Promise<string> {
  return (await JSZip.loadAsync(bytes)).file('xl/worksheets/sheet1.xml')!.async('string');
}

/** Every non-empty cell value of the sheet, as text. */
function values(sheet: ExcelJS.Worksheet): unknown[] {
  const found: unknown[] = [];
  sheet.eachRow((row) => row.eachCell((c) => found.push(c.value)));
  return found;
}

/** Ten indicators: a cell far taller than the sample's. */
const longIndicators = Array.from(
  { length: 10 },
  (_, i) => `${i + 1}、2-效益指标；22-社会效益；受益群众覆盖面持续扩大；实施周期指标值：≥95%；年度指标值：≥95%。`,
);

describe('renderXlsx: the sample publication', () => {
  /**
   * Rendered in each test, not once for the file: a mutation test then sees the writer run
   * inside the test that checks its output (what runs outside a test is never mutated).
   */
  const sample = async () => {
    const doc = sampleLayout([projectRow('长指标项目', 12.5, '目标', longIndicators)]);
    return { doc, table: tableOf(doc), ...(await render(doc)) };
  };

  it('renders without warnings, on one sheet named as asked', async () => {
    const { warnings, book } = await sample();
    expect(warnings).toEqual([]);
    expect(book.worksheets.map((s) => s.name)).toEqual(['绩效目标表']);
  });

  it('contains every text of the sample, with line breaks kept', async () => {
    const { doc, sheet, table } = await sample();
    const found = values(sheet);
    for (const block of doc.body) {
      if (block.kind === 'paragraph') expect(found).toContain(textOf(block.runs));
    }
    for (const row of table.rows) {
      for (const c of row.cells) {
        if (c.number !== undefined) expect(found).toContain(c.number);
        else if (c.runs.length > 0) expect(found).toContain(textOf(c.runs));
      }
    }
    expect(found.some((v) => typeof v === 'string' && v.includes('1000人次。\n2、3-满意度指标'))).toBe(true);
  });

  it('stores amounts as numbers with the number format', async () => {
    const { sheet } = await sample();
    // Title, two header lines, table header, 合计, unit, then the first project.
    const amount = sheet.getCell('B7');
    expect(amount.value).toBe(1230.74);
    expect(amount.type).toBe(ExcelJS.ValueType.Number);
    expect(amount.numFmt).toBe('#,##0.00');
    expect(sheet.getCell('B5').value).toBe(1234.5);
    expect(sheet.getCell('D7').value).toBeNull();
  });

  it('merges paragraph rows across the table and keeps their alignment and style', async () => {
    const { sheet } = await sample();
    expect(sheet.model.merges).toEqual(expect.arrayContaining(['A1:G1', 'A2:G2', 'A3:G3']));
    const title = sheet.getCell('A1');
    expect(title.font).toMatchObject({ name: '宋体', size: 18, bold: true });
    expect(title.alignment).toMatchObject({ horizontal: 'center' });
    expect(sheet.getCell('A3').alignment).toMatchObject({ horizontal: 'right' });
  });

  it('styles table cells: font, fill, borders, wrapping', async () => {
    const { sheet } = await sample();
    const head = sheet.getCell('A4');
    expect(head.font).toMatchObject({ name: '宋体', size: 10, bold: true });
    expect(head.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } });
    expect(head.border?.left?.style).toBe('thin');
    expect(sheet.getCell('G7').alignment).toMatchObject({ vertical: 'top', wrapText: true });
    expect(sheet.getCell('A1').border?.left).toBeUndefined();
  });

  it('sizes columns to the printable width, in the table\'s proportions', async () => {
    const { sheet } = await sample();
    const widths = sheet.columns.map((c) => c.width ?? 0);
    expect(widths).toHaveLength(7);
    // Width units of 5.25 pt ('0' of the default font, 7 px at 96 dpi) filling ~98.5 % of
    // A4 landscape less 15 mm margins each side.
    const printable = ((297 - 30) / 25.4) * 72;
    const total = widths.reduce((a, b) => a + b, 0) * 5.25;
    expect(total / printable).toBeGreaterThan(0.97);
    expect(total / printable).toBeLessThanOrEqual(1);
    expect(widths[6]! / widths[0]!).toBeCloseTo(34 / 14, 1);
  });

  it('sets every row height, taller rows for longer text', async () => {
    const { sheet } = await sample();
    const heights = Array.from({ length: 9 }, (_, i) => sheet.getRow(i + 1).height);
    for (const h of heights) expect(h).toBeGreaterThan(10);
    const [, , , , , , twoIndicators, oneIndicator, tenIndicators] = heights as number[];
    expect(twoIndicators).toBeGreaterThan(oneIndicator!);
    expect(tenIndicators).toBeGreaterThan(twoIndicators! * 3);
    expect(tenIndicators).toBeLessThanOrEqual(409);
  });

  it('prints A4 landscape, one page wide, repeating the table header', async () => {
    const { sheet } = await sample();
    expect(sheet.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '4:4',
    });
    expect(sheet.pageSetup.margins).toMatchObject({ left: 0.5906, top: 0.7874 });
  });

  it('puts page fields into the footer', async () => {
    const { sheet } = await sample();
    const footer = sheet.headerFooter.oddFooter ?? '';
    expect(footer.startsWith('&C')).toBe(true);
    expect(footer).toContain('第 &P 页 共 &N 页');
  });

  it('sets the workbook properties', async () => {
    const { doc, book } = await sample();
    expect(book.title).toBe(doc.meta.title);
    expect(book.subject).toBe(doc.meta.subject);
    expect(book.creator).toBe('示例局');
    expect(book.lastModifiedBy).toBe('pubtable');
    expect(book.created).toEqual(doc.meta.created);
    expect(book.modified).toEqual(doc.meta.created);
  });
});

describe('renderXlsx: cells and spans', () => {
  it('keeps text that looks like a formula as a plain string', async () => {
    const risky = ['=1+1', '@SUM(A1)', '+cmd', '-2+3', '=HYPERLINK("http://x","y")', '_x0041_ stays'];
    const doc = sampleLayout([projectRow(risky[0]!, 1, risky[1]!, risky.slice(2))]);
    const { bytes, sheet } = await render(doc);
    const row = sheet.getRow(9);
    expect(row.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(1).value).toBe('=1+1');
    expect(row.getCell(6).value).toBe('@SUM(A1)');
    expect(row.getCell(7).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(7).value).toBe(risky.slice(2).join('\n'));
    const xml = await sheetXml(bytes);
    expect(xml).not.toMatch(/<f[ >]/);
    expect(xml).toMatch(/<c r="A9" s="\d+" t="s">/);
  });

  it("outlines a merged area: covered cells carry the master's borders", async () => {
    const doc = sampleLayout();
    doc.body = [{ kind: 'table', columns: [1, 1], headerRows: 0, rows: [{ cells: [cell('a', { rowspan: 2 }), cell('b')] }, { cells: [cell('c')] }] }];
    const { sheet } = await render(doc);
    expect(sheet.model.merges).toEqual(['A1:A2']);
    expect(sheet.getCell('A2').border?.bottom?.style).toBe('thin');
  });

  it('spreads a tall rowspan cell over its rows', async () => {
    const tall = Array.from({ length: 12 }, (_, i) => `第${i + 1}行很长的合并单元格文字`).join('');
    const doc = sampleLayout();
    doc.body = [
      {
        kind: 'table',
        columns: [1, 1],
        headerRows: 0,
        rows: [{ cells: [cell(tall, { rowspan: 2 }), cell('x')] }, { cells: [cell('y')] }],
      },
    ];
    const { sheet } = await render(doc);
    const one = (await render({ ...doc, body: [{ kind: 'table', columns: [1, 1], headerRows: 0, rows: [{ cells: [cell(tall), cell('x')] }] }] })).sheet;
    const spread = sheet.getRow(1).height + sheet.getRow(2).height;
    expect(spread).toBeGreaterThanOrEqual(one.getRow(1).height);
    expect(sheet.getRow(1).height).toBeCloseTo(sheet.getRow(2).height, 0);
  });

  it('gives tables with other columns a common column grid', async () => {
    const doc = sampleLayout();
    doc.body = [
      { kind: 'table', columns: [1, 1], headerRows: 0, rows: [{ cells: [cell('left'), cell('right')] }] },
      { kind: 'table', columns: [1, 2, 1], headerRows: 0, rows: [{ cells: [cell('1'), cell('2'), cell('3')] }] },
    ];
    const { sheet } = await render(doc);
    expect(sheet.columns).toHaveLength(4);
    expect([...sheet.model.merges].sort()).toEqual(['A1:B1', 'B2:C2', 'C1:D1']);
  });

  it('warns instead of hiding a cell taller than Excel allows', async () => {
    const huge = Array.from({ length: 60 }, (_, i) => `${i + 1}、${longIndicators[0]}`);
    const { sheet, warnings } = await render(sampleLayout([projectRow('超长项目', 1, '目标', huge)]));
    expect(sheet.getRow(9).height).toBe(409);
    expect(warnings).toEqual([expect.objectContaining({ code: 'ROW_TOO_TALL', ref: 'sample:超长项目' })]);
  });

  it('repeats no more rows as print titles than the table has', async () => {
    const doc = sampleLayout();
    doc.body = [
      {
        kind: 'table',
        columns: [1, 1],
        headerRows: 4,
        rows: [{ cells: [cell('a', { rowspan: 9 }), cell('b')] }, { cells: [] }, { cells: [cell('c')] }],
      },
    ];
    const { sheet } = await render(doc);
    expect(sheet.pageSetup.printTitlesRow).toBe('1:3');
  });

  it('leaves out page fields in cells, with the warning code the PDF uses', async () => {
    const doc = sampleLayout();
    doc.body = [
      { kind: 'table', columns: [1], headerRows: 0, rows: [{ cells: [cell('页', { runs: [t('第'), { kind: 'field', field: 'page' }, t('页')], ref: 'in:1' })] }] },
    ];
    const { sheet, warnings } = await render(doc);
    expect(sheet.getCell('A1').value).toBe('第页');
    expect(warnings).toEqual([expect.objectContaining({ code: 'UNSUPPORTED_FIELD', ref: 'in:1' })]);
  });

  it('escapes & in header and footer text and places them by alignment', async () => {
    const doc = sampleLayout();
    const para = (text: string, align: 'left' | 'right'): Paragraph => ({
      kind: 'paragraph',
      style: style('h', { align, size: 9, border: false }),
      runs: [t(text)],
    });
    doc.header = [para('A&B', 'left'), para('2025', 'right')];
    const { sheet } = await render(doc);
    expect(sheet.headerFooter.oddHeader).toBe('&L&9&"-,Regular"A&&B&R&9&"-,Regular"2025');
  });

  it('writes each row break once, however many page breaks follow the row', async () => {
    const doc = sampleLayout();
    const para = (text: string): Paragraph => ({ kind: 'paragraph', style: style('p'), runs: [t(text)] });
    const pageBreak = { kind: 'pagebreak' } as const;
    // A break before the first row has no row to follow: none.
    doc.body = [pageBreak, para('一'), pageBreak, para('二'), pageBreak, pageBreak, pageBreak, para('三')];
    const xml = await sheetXml((await render(doc)).bytes);
    const breaks = /<rowBreaks count="(\d+)" manualBreakCount="(\d+)">(.*?)<\/rowBreaks>/.exec(xml);
    expect(breaks?.slice(1, 3)).toEqual(['2', '2']);
    expect([...(breaks?.[3] ?? '').matchAll(/<brk id="(\d+)"/g)].map((m) => m[1])).toEqual(['1', '2']);
  });
});


describe.skipIf(!canRun(READERS.libreoffice))('renderXlsx through LibreOffice', () => {
  it('prints every project, at ~100 %, with the header repeated on page 2', async () => {
    const extra: Row[] = Array.from({ length: 12 }, (_, i) =>
      projectRow(`追加项目${i + 1}号`, 100 + i, '推动产业发展。', longIndicators.slice(0, 4)),
    );
    const doc = sampleLayout(extra);
    const dir = mkdtempSync(join(tmpdir(), 'pubtable-xlsx-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const xlsx = join(dir, 'table.xlsx');
    writeFileSync(xlsx, (await renderXlsx(doc)).bytes);
    const converted = spawnSync(
      'soffice',
      [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, xlsx],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(converted.status, converted.stderr).toBe(0);
    const pdf = join(dir, 'table.pdf');
    const text = (...args: string[]) => spawnSync('pdftotext', [...args, pdf, '-'], { encoding: 'utf8' }).stdout;

    // A name wrapped in its cell comes out as lines of one text block: join them.
    const all = text().replace(/\s+/g, '');
    for (const row of tableOf(doc).rows.slice(3)) {
      expect(all).toContain(textOf(row.cells[0]!.runs));
    }
    expect(text('-f', '2', '-l', '2')).toContain('绩效指标');

    // A 10 pt '总计' is 20 pt wide at 100 %; fit-to-width must not have shrunk the print.
    const word = /<word xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>总计</.exec(text('-f', '1', '-l', '1', '-bbox'));
    expect(word).not.toBeNull();
    const scale = (Number(word![2]) - Number(word![1])) / 20;
    expect(scale).toBeGreaterThan(0.9);
  });
});
