/**
 * The shared ground of the message tests (messages-*.test.ts): the distinct fixture
 * (../fixtures/distinct-publication.ts) as a grid of rows with stable ids that edits keep,
 * the grid written as a text export and as a workbook, and the check that a load gave
 * exactly the expected messages at exactly their places.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { readAny } from '../../src/ingest/index.js';
import { type Diagnostic, type Severity } from '../../src/model/diagnostic.js';
import type { Publication, Source } from '../../src/model/types.js';
import { AMOUNT_LABELS, DISTINCT_ROWS, DISTINCT_TSV, distinctLines, HEADER_LINE, rowNamed } from '../fixtures/distinct-publication.js';


export const tmp = mkdtempSync(join(tmpdir(), 'pubtable-diagnostics-'));
let fileCount = 0;
/** A fresh file name per input, so that a failing case names its own file. */
export const newPath = (ext: string) => join(tmp, `input-${++fileCount}.${ext}`);

// ---- the fixture as a grid of rows ----

/**
 * The text export as rows of cells, each row with a stable id: the preamble lines by role,
 * the header, then the table rows by name (all names in the fixture differ). Edits keep the
 * ids, so an expectation names a row even after rows were inserted or removed around it.
 */
export interface GridRow {
  id: string;
  cells: string[];
}
export type Grid = GridRow[];

export const PREAMBLE_IDS = ['title', 'blank-1', 'department', 'blank-2', 'money-unit', 'blank-3'];

export function fixtureGrid(): Grid {
  return distinctLines().map((line, i) => ({
    id: i < PREAMBLE_IDS.length ? PREAMBLE_IDS[i]! : i === HEADER_LINE - 1 ? 'header' : DISTINCT_ROWS[i - HEADER_LINE]!.name,
    cells: line.split('\t'),
  }));
}

/** Columns of the table (0-based), as the fixture's header orders them. */
export const NAME = 0;
export const TOTAL = 1;
export const FISCAL = 2;
export const SPECIAL = 3;
export const OTHER = 4;
export const GOAL = 5;
export const INDICATORS = 6;
export const AMOUNT_COLUMNS = [TOTAL, FISCAL, SPECIAL, OTHER] as const;
export type AmountColumn = (typeof AMOUNT_COLUMNS)[number];
export const labelOf = (column: AmountColumn) => AMOUNT_LABELS[column - TOTAL];

export function rowIndex(g: Grid, id: string): number {
  const i = g.findIndex((r) => r.id === id);
  if (i < 0) throw new Error(`no row ${id}`);
  return i;
}
export const rowOf = (g: Grid, id: string) => g[rowIndex(g, id)]!;

export function setCell(g: Grid, id: string, column: number, text: string): void {
  const cells = rowOf(g, id).cells;
  while (cells.length <= column) cells.push('');
  cells[column] = text;
}

export function editCell(g: Grid, id: string, column: number, from: string, to: string): void {
  const text = rowOf(g, id).cells[column]!;
  if (!text.includes(from)) throw new Error(`${id}: no ${from}`);
  setCell(g, id, column, text.replace(from, to));
}

// Amounts as the fixture prints them (`1,474.59`), as whole cents so that edits stay exact.
export const toCents = (figure: string) => Math.round(Number(figure.replace(/,/g, '')) * 100);
export const toFigure = (cents: number) => `${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;

/** A row's figure in a column, as the fixture prints it. */
export const figureOf = (name: string, column: AmountColumn) => rowNamed(name).figures[column - TOTAL]!;
/** The same after adding `cents`: what an edited row states. */
export const figurePlus = (name: string, column: AmountColumn, cents: number) => toFigure(toCents(figureOf(name, column)) + cents);

/** Adds cents to amounts of a row: `{ [TOTAL]: 1, [FISCAL]: 1 }`. */
export function shift(g: Grid, id: string, change: Partial<Record<AmountColumn, number>>): void {
  for (const [column, cents] of Object.entries(change)) {
    setCell(g, id, Number(column), figurePlus(id, Number(column) as AmountColumn, cents));
  }
}

export function removeRow(g: Grid, id: string): void {
  g.splice(rowIndex(g, id), 1);
}

export function insertAfter(g: Grid, id: string, row: GridRow): void {
  g.splice(rowIndex(g, id) + 1, 0, row);
}

/** The fixture with its header's 总计 relabelled: no row has the seven labels. */
export function headerlessGrid(): Grid {
  const g = fixtureGrid();
  setCell(g, 'header', TOTAL, '总计金额');
  return g;
}

// ---- writing the grid as a text export and as a workbook ----

/** Excel's quoting: a cell holding a tab, line break or quote is quoted, quotes doubled. */
export const quoteCell = (text: string) => (/[\t\n"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
export const tsvOf = (g: Grid) => g.map((r) => r.cells.map(quoteCell).join('\t')).join('\n') + '\n';

/** 1-based line where a row starts in the text export: a row above takes one line, plus one per line break in its cells. */
export function lineOf(g: Grid, id: string): number {
  const above = g.slice(0, rowIndex(g, id));
  return 1 + above.reduce((n, r) => n + r.cells.join('').split('\n').length, 0);
}

/**
 * The workbook mapping: grid row i (0-based, preamble included) is sheet row i + 1 and
 * column j is column j + 1, so the table starts at A1 and a single-line fixture row's text
 * line equals its sheet row. The table is on the second sheet, after an instructions sheet,
 * so that a message naming the wrong sheet is caught. Amount cells that look like numbers
 * are stored as numbers (as budget spreadsheets do), anything else as text.
 */
export const SHEET = '绩效目标表';
export const NUMBER = /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;

export const columnLetter = (column: number) => String.fromCharCode(65 + column);
export const cellOf = (g: Grid, id: string, column: number) => `${columnLetter(column)}${rowIndex(g, id) + 1}`;

export async function workbookOf(g: Grid): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('填报说明').getCell('A1').value = '请在下一张工作表填写';
  const ws = wb.addWorksheet(SHEET);
  const headerAt = g.findIndex((r) => r.id === 'header');
  g.forEach((r, i) =>
    r.cells.forEach((text, j) => {
      if (text === '') return;
      const isAmount = headerAt >= 0 && i > headerAt && j >= TOTAL && j <= OTHER;
      ws.getCell(i + 1, j + 1).value = isAmount && NUMBER.test(text) ? Number(text.replace(/,/g, '')) : text;
    }),
  );
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

// ---- expectations ----

export type Kind = 'text' | 'workbook';
/** How a message refers to another row: `第10行` in a text export, `A10` in a workbook. */
export type RowRef = (id: string) => string;

export interface Expected {
  code: string;
  severity: Severity;
  /** The row's id in the grid. */
  row: string;
  /** The cell a workbook message names (default: the name column); a text message names the line only. */
  column?: number;
  /** Text the message must contain, e.g. the column it is about. */
  says?: string | ((ref: RowRef) => string);
}

export interface Located {
  code: string;
  severity: Severity;
  source: Source;
  says?: string;
  /** The parser may say it more than once (YAML syntax errors): every further message like it is expected too. */
  repeated?: boolean;
}

export const show = (d: Located) => `${d.severity} ${d.code} @ ${JSON.stringify(d.source)}${d.says !== undefined ? ` “${d.says}”` : ''}`;

/**
 * The messages are exactly the expected ones: each expected one present at its place (and
 * saying what it must), and nothing else, warning or error.
 */
export function expectExactly(actual: Diagnostic[], expected: Located[]): void {
  const left = [...actual];
  const missing: string[] = [];
  // Expectations that pin a message first, so that a looser one cannot take their message.
  for (const e of [...expected].sort((a, b) => Number(b.says !== undefined) - Number(a.says !== undefined))) {
    const i = left.findIndex(
      (d) => d.code === e.code && d.severity === e.severity && isDeepStrictEqual(d.source, e.source) && (e.says === undefined || d.message.includes(e.says)),
    );
    if (i < 0) missing.push(show(e));
    else left.splice(i, 1);
    if (i >= 0 && e.repeated) {
      for (let j = left.length - 1; j >= 0; j--) {
        const d = left[j]!;
        if (d.code === e.code && d.severity === e.severity && isDeepStrictEqual(d.source, e.source)) left.splice(j, 1);
      }
    }
  }
  const unexpected = left.map((d) => `${show(d)}: ${d.message}`);
  expect({ missing, unexpected }).toEqual({ missing: [], unexpected: [] });
}

/** The fixture's rows the cases edit most. */
export const PROJECT_A = '就业补贴项目'; // first project of the first unit
export const PROJECT_B = '职业培训经费'; // second project of the first unit
export const PROJECT_C = '技能鉴定补助';
export const PROJECT_D = '公共实训基地运营'; // the last row
export const UNIT_1 = '人力资源局本级';
export const UNIT_2 = '职业训练中心';

/** The fixture read once, as the canonical cases start from it. */
let fixtureModel: Promise<Publication> | null = null;
export const fixturePublication = () => (fixtureModel ??= readAny(Buffer.from(DISTINCT_TSV), 'distinct.txt').then((r) => r.publication));
