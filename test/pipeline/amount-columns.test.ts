/**
 * Each amount in its own column, in every format. On the distinct fixture every figure of
 * the table is a different number, so finding `210.01` in the 财政专户拨款 column of
 * 就业补贴项目's row (by position in the PDF, by cell in Word, Excel and HTML) proves that the
 * template, the layout and the writer put that field there, and not another column's.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline/build.js';
import { documentDate } from '../../src/pipeline/document-date.js';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import { projectsOf } from '../../src/model/projects.js';
import { DEFAULT_TEMPLATES, loadReport, renderLayout } from '../../src/template/report.js';
import {
  AMOUNT_LABELS,
  DISTINCT_PROJECTS,
  DISTINCT_ROWS,
  DISTINCT_TSV,
  HEADER,
  printedIndicator,
  writeDistinct,
  type Figures,
} from '../fixtures/distinct-publication.js';
import { htmlRows } from '../helpers/html-read-back.js';
import { columnAt, tableGeometry } from '../helpers/layout-geometry.js';
import { docxRows, loadWorkbook, pdfWords, type PdfWord } from '../helpers/read-back.js';

const AMOUNT = /^-?\d{1,3}(,\d{3})*\.\d{2}$/;
const publication = readTextExport(Buffer.from(DISTINCT_TSV), 'distinct.txt').publication;
const date = documentDate(publication.year);
const publicationGeometry = tableGeometry(renderLayout(loadReport(DEFAULT_TEMPLATES, 'publication'), { publication }, date));
const printoutGeometry = tableGeometry(
  renderLayout(loadReport(DEFAULT_TEMPLATES, 'project'), { publication, ...projectsOf(publication)[0]! }, date),
);

const dir = mkdtempSync(join(tmpdir(), 'pubtable-columns-'));
const out = join(dir, 'out');
const file = (name: string) => join(out, name);
const printout = (i: number, ext: string) => file(`projects/${String(i + 1).padStart(2, '0')}-${DISTINCT_PROJECTS[i]!.name}.${ext}`);

beforeAll(async () => {
  const input = writeDistinct(dir);
  const r = await build({ input, outDir: out, formats: ['pdf', 'docx', 'xlsx', 'html'], templatesDir: DEFAULT_TEMPLATES, projects: true });
  expect(r.diagnostics).toEqual([]);
  expect(r.written).toHaveLength(4 + 4 * 4);
});

/** Words on one line: pdftotext places words of one baseline within a fraction of a point. */
const sameLine = (a: PdfWord, b: PdfWord) => a.page === b.page && Math.abs(a.yMin - b.yMin) < 1;

/**
 * Every amount-shaped word of the publication PDF as `row name → figures by column`: the
 * row is named by the first-column words on the amount's line. An amount found twice in a
 * slot, or in a slot no row owns, shows up as a difference from the expected table.
 */
function pdfFiguresByRow(path: string): Record<string, string[]> {
  const { edges, bottom } = publicationGeometry;
  const words = pdfWords(path).filter((w) => w.yMax < bottom);
  const rows: Record<string, string[]> = {};
  for (const w of words.filter((x) => AMOUNT.test(x.text))) {
    const column = columnAt(edges, (w.xMin + w.xMax) / 2);
    const name = words
      .filter((n) => sameLine(n, w) && columnAt(edges, (n.xMin + n.xMax) / 2) === 0)
      .map((n) => n.text)
      .join('');
    const figures = (rows[name] ??= ['', '', '', '']);
    const slot = column - 1;
    if (slot < 0 || slot > 3) figures.push(`${w.text} in column ${column}`);
    else figures[slot] = figures[slot] === '' ? w.text : `${figures[slot]} and ${w.text}`;
  }
  return rows;
}

describe('the publication: each figure in its own column', () => {
  it('PDF, by position: every row shows its four figures under 总计, 财政拨款, 财政专户拨款, 其他资金', () => {
    const expected = Object.fromEntries(DISTINCT_ROWS.map((r) => [r.name, [...r.figures]]));
    expect(pdfFiguresByRow(file('distinct.pdf'))).toEqual(expected);
    // And the header row (between the 单位 line and the 合计 row) labels those columns.
    const words = pdfWords(file('distinct.pdf'));
    const top = words.find((w) => w.text.startsWith('单位：'))!.yMax;
    const firstRow = words.find((w) => w.text === '合计')!.yMin;
    const labels = HEADER.map(() => '');
    for (const w of words.filter((x) => x.yMin > top && x.yMax < firstRow)) {
      labels[columnAt(publicationGeometry.edges, (w.xMin + w.xMax) / 2)] += w.text;
    }
    expect(labels).toEqual(HEADER);
  });

  it('DOCX, by cell: the table rows are exactly the records, column for column', async () => {
    const rows = (await docxRows(readFileSync(file('distinct.docx')))).filter((r) => r.length === 7);
    expect(rows).toEqual([
      HEADER,
      ...DISTINCT_ROWS.map((r) => [r.name, ...r.figures, r.goal, r.indicators.map(printedIndicator).join('\n')]),
    ]);
  });

  it('HTML, by cell: the table rows are exactly the records, column for column', () => {
    expect(htmlRows(readFileSync(file('distinct.html')))).toEqual([
      HEADER,
      ...DISTINCT_ROWS.map((r) => [r.name, ...r.figures, r.goal, r.indicators.map(printedIndicator).join('\n')]),
    ]);
  });

  it('XLSX, by cell: each figure is a number in its labelled column, shown with two decimals', async () => {
    const sheet = (await loadWorkbook(readFileSync(file('distinct.xlsx')))).worksheets[0]!;
    const header = rowWith(sheet, HEADER[0]!);
    const columnOf = (label: string) => columnWith(sheet.getRow(header), label);
    for (const [i, r] of DISTINCT_ROWS.entries()) {
      const row = sheet.getRow(header + 1 + i);
      expect(row.getCell(columnOf(HEADER[0]!)).value, `row ${row.number}`).toBe(r.name);
      expectFigures(row, AMOUNT_LABELS.map(columnOf), r.figures);
    }
  });
});

describe('the printouts: the 项目资金 figures under their labels', () => {
  it.each(DISTINCT_PROJECTS.map((p, i) => [p.name, i] as const))('%s: PDF by position', (_, i) => {
    const { edges, bottom } = printoutGeometry;
    const words = pdfWords(printout(i, 'pdf')).filter((w) => w.yMax < bottom);
    const amounts = words.filter((w) => AMOUNT.test(w.text));
    expect(amounts.map((w) => [columnAt(edges, (w.xMin + w.xMax) / 2), w.text])).toEqual(
      DISTINCT_PROJECTS[i]!.figures.map((f, k) => [k + 1, f]),
    );
    // One line, directly under the line of labels, each label over its figure.
    const labels = AMOUNT_LABELS.map((label) => words.find((w) => w.text === label)!);
    for (const [k, label] of labels.entries()) {
      expect(columnAt(edges, (label.xMin + label.xMax) / 2), AMOUNT_LABELS[k]).toBe(k + 1);
      expect(sameLine(label, labels[0]!)).toBe(true);
      expect(sameLine(amounts[k]!, amounts[0]!)).toBe(true);
    }
    const between = words.filter((w) => w.yMin > labels[0]!.yMin + 1 && w.yMin < amounts[0]!.yMin - 1);
    expect(between).toEqual([]);
  });

  it.each(DISTINCT_PROJECTS.map((p, i) => [p.name, i] as const))('%s: DOCX by cell', async (_, i) => {
    const rows = await docxRows(readFileSync(printout(i, 'docx')));
    const labels = rows.findIndex((r) => r[1] === AMOUNT_LABELS[0]);
    expect(rows[labels]).toEqual(['项目资金', ...AMOUNT_LABELS]);
    // The first cell continues the 项目资金 label merged from the row above.
    expect(rows[labels + 1]).toEqual(['', ...DISTINCT_PROJECTS[i]!.figures]);
  });

  it.each(DISTINCT_PROJECTS.map((p, i) => [p.name, i] as const))('%s: HTML by cell', (_, i) => {
    const rows = htmlRows(readFileSync(printout(i, 'html')));
    const labels = rows.findIndex((r) => r[1] === AMOUNT_LABELS[0]);
    expect(rows[labels]).toEqual(['项目资金', ...AMOUNT_LABELS]);
    // The 项目资金 label spans both rows: the figures' row has no cell of its own there.
    expect(rows[labels + 1]).toEqual([...DISTINCT_PROJECTS[i]!.figures]);
  });

  it.each(DISTINCT_PROJECTS.map((p, i) => [p.name, i] as const))('%s: XLSX by cell', async (_, i) => {
    const sheet = (await loadWorkbook(readFileSync(printout(i, 'xlsx')))).worksheets[0]!;
    const labels = rowWith(sheet, AMOUNT_LABELS[0]);
    const columns = AMOUNT_LABELS.map((label) => columnWith(sheet.getRow(labels), label));
    expect(columns).toEqual([2, 3, 4, 5]);
    expectFigures(sheet.getRow(labels + 1), columns, DISTINCT_PROJECTS[i]!.figures);
  });
});

/** The first row holding a cell with exactly this text. */
function rowWith(sheet: ExcelJS.Worksheet, text: string): number {
  let found = 0;
  sheet.eachRow((row) => row.eachCell((c) => void (found === 0 && c.value === text && (found = row.number))));
  expect(found, text).toBeGreaterThan(0);
  return found;
}

function columnWith(row: ExcelJS.Row, text: string): number {
  let found = 0;
  row.eachCell((c, n) => void (found === 0 && c.value === text && (found = n)));
  expect(found, text).toBeGreaterThan(0);
  return found;
}

/** Each figure stored as its exact number, in the style's two-decimal format. */
function expectFigures(row: ExcelJS.Row, columns: number[], figures: Figures): void {
  columns.forEach((column, k) => {
    const cell = row.getCell(column);
    expect(cell.value, `${cell.address}`).toBe(Number(figures[k]!.replace(/,/g, '')));
    expect(cell.numFmt, `${cell.address}`).toBe('#,##0.00');
  });
}
