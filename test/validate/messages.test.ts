/**
 * Every message code of the README's table, made to fire by one small edit of the shared
 * fixture (./fixtures/distinct-publication.ts) and checked for its code, its severity and
 * its exact place, in every input kind where it can occur:
 * - text export and workbook: a table of cases, each an edit of the fixture's rows and the
 *   messages it must cause, located by row (and, for workbooks, by column);
 * - canonical JSON and YAML: the fixture written by writeCanonical, then edited as text; the
 *   expected line is found by searching the edited text;
 * - fatal problems: the InputError thrown, and for a few the command line's exit code and
 *   its one stderr line (that part runs dist/cli.js: compile with `npx tsc -p .` first).
 * Each case asserts the whole list of messages: nothing missing, nothing else. Inputs are
 * read in this process through loadPublication (read + validate), so that mutation testing
 * sees the code run.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCanonical } from '../../src/ingest/canonical/writer.js';
import { readAny } from '../../src/ingest/index.js';
import { loadPublication } from '../../src/pipeline/load.js';
import { InputError, type Diagnostic, type Severity } from '../../src/model/diagnostic.js';
import type { Publication, Source } from '../../src/model/types.js';
import { AMOUNT_LABELS, DISTINCT_ROWS, DISTINCT_TSV, distinctLines, HEADER_LINE, indicatorCell, rowNamed } from '../fixtures/distinct-publication.js';
import { pubtable } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'pubtable-diagnostics-'));
let fileCount = 0;
/** A fresh file name per input, so that a failing case names its own file. */
const newPath = (ext: string) => join(tmp, `input-${++fileCount}.${ext}`);

// ---- the fixture as a grid of rows ----

/**
 * The text export as rows of cells, each row with a stable id: the preamble lines by role,
 * the header, then the table rows by name (all names in the fixture differ). Edits keep the
 * ids, so an expectation names a row even after rows were inserted or removed around it.
 */
interface GridRow {
  id: string;
  cells: string[];
}
type Grid = GridRow[];

const PREAMBLE_IDS = ['title', 'blank-1', 'department', 'blank-2', 'money-unit', 'blank-3'];

function fixtureGrid(): Grid {
  return distinctLines().map((line, i) => ({
    id: i < PREAMBLE_IDS.length ? PREAMBLE_IDS[i]! : i === HEADER_LINE - 1 ? 'header' : DISTINCT_ROWS[i - HEADER_LINE]!.name,
    cells: line.split('\t'),
  }));
}

/** Columns of the table (0-based), as the fixture's header orders them. */
const NAME = 0;
const TOTAL = 1;
const FISCAL = 2;
const SPECIAL = 3;
const OTHER = 4;
const GOAL = 5;
const INDICATORS = 6;
const AMOUNT_COLUMNS = [TOTAL, FISCAL, SPECIAL, OTHER] as const;
type AmountColumn = (typeof AMOUNT_COLUMNS)[number];
const labelOf = (column: AmountColumn) => AMOUNT_LABELS[column - TOTAL];

function rowIndex(g: Grid, id: string): number {
  const i = g.findIndex((r) => r.id === id);
  if (i < 0) throw new Error(`no row ${id}`);
  return i;
}
const rowOf = (g: Grid, id: string) => g[rowIndex(g, id)]!;

function setCell(g: Grid, id: string, column: number, text: string): void {
  const cells = rowOf(g, id).cells;
  while (cells.length <= column) cells.push('');
  cells[column] = text;
}

function editCell(g: Grid, id: string, column: number, from: string, to: string): void {
  const text = rowOf(g, id).cells[column]!;
  if (!text.includes(from)) throw new Error(`${id}: no ${from}`);
  setCell(g, id, column, text.replace(from, to));
}

// Amounts as the fixture prints them (`1,474.59`), as whole cents so that edits stay exact.
const toCents = (figure: string) => Math.round(Number(figure.replace(/,/g, '')) * 100);
const toFigure = (cents: number) => `${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;

/** A row's figure in a column, as the fixture prints it. */
const figureOf = (name: string, column: AmountColumn) => rowNamed(name).figures[column - TOTAL]!;
/** The same after adding `cents`: what an edited row states. */
const figurePlus = (name: string, column: AmountColumn, cents: number) => toFigure(toCents(figureOf(name, column)) + cents);

/** Adds cents to amounts of a row: `{ [TOTAL]: 1, [FISCAL]: 1 }`. */
function shift(g: Grid, id: string, change: Partial<Record<AmountColumn, number>>): void {
  for (const [column, cents] of Object.entries(change)) {
    setCell(g, id, Number(column), figurePlus(id, Number(column) as AmountColumn, cents));
  }
}

function removeRow(g: Grid, id: string): void {
  g.splice(rowIndex(g, id), 1);
}

function insertAfter(g: Grid, id: string, row: GridRow): void {
  g.splice(rowIndex(g, id) + 1, 0, row);
}

/** The fixture with its header's 总计 relabelled: no row has the seven labels. */
function headerlessGrid(): Grid {
  const g = fixtureGrid();
  setCell(g, 'header', TOTAL, '总计金额');
  return g;
}

// ---- writing the grid as a text export and as a workbook ----

/** Excel's quoting: a cell holding a tab, line break or quote is quoted, quotes doubled. */
const quoteCell = (text: string) => (/[\t\n"]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const tsvOf = (g: Grid) => g.map((r) => r.cells.map(quoteCell).join('\t')).join('\n') + '\n';

/** 1-based line where a row starts in the text export: a row above takes one line, plus one per line break in its cells. */
function lineOf(g: Grid, id: string): number {
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
const SHEET = '绩效目标表';
const NUMBER = /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/;

const columnLetter = (column: number) => String.fromCharCode(65 + column);
const cellOf = (g: Grid, id: string, column: number) => `${columnLetter(column)}${rowIndex(g, id) + 1}`;

async function workbookOf(g: Grid): Promise<Uint8Array> {
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

type Kind = 'text' | 'workbook';
/** How a message refers to another row: `第10行` in a text export, `A10` in a workbook. */
type RowRef = (id: string) => string;

interface Expected {
  code: string;
  severity: Severity;
  /** The row's id in the grid. */
  row: string;
  /** The cell a workbook message names (default: the name column); a text message names the line only. */
  column?: number;
  /** Text the message must contain, e.g. the column it is about. */
  says?: string | ((ref: RowRef) => string);
}

interface Located {
  code: string;
  severity: Severity;
  source: Source;
  says?: string;
  /** The parser may say it more than once (YAML syntax errors): every further message like it is expected too. */
  repeated?: boolean;
}

const show = (d: Located) => `${d.severity} ${d.code} @ ${JSON.stringify(d.source)}${d.says !== undefined ? ` “${d.says}”` : ''}`;

/**
 * The messages are exactly the expected ones: each expected one present at its place (and
 * saying what it must), and nothing else, warning or error.
 */
function expectExactly(actual: Diagnostic[], expected: Located[]): void {
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

// ---- the cases for text exports and workbooks ----

interface TableCase {
  name: string;
  edit: (g: Grid) => void;
  expect: Expected[];
  /** The input kinds it applies to (default both). */
  kinds?: Kind[];
  /** A change to the finished text export, after the grid is written (text only). */
  text?: (tsv: string) => string;
}

const err = (code: string, row: string, more: Partial<Expected> = {}): Expected => ({ code, severity: 'error', row, ...more });
const warn = (code: string, row: string, more: Partial<Expected> = {}): Expected => ({ code, severity: 'warning', row, ...more });

/** TOTAL_MISMATCH at a row for the given columns, each message naming its column. */
const totalMismatch = (row: string, columns: readonly AmountColumn[] = AMOUNT_COLUMNS) =>
  columns.map((c) => err('TOTAL_MISMATCH', row, { says: `的${labelOf(c)}` }));

/** TOTAL_MISMATCH at a row whose stated figure was changed by `cents`: the message quotes the figure it states. */
const statedMismatch = (row: string, column: AmountColumn, cents: number) =>
  err('TOTAL_MISMATCH', row, { says: `的${labelOf(column)}${figurePlus(row, column, cents)}不等于` });

const PROJECT_A = '就业补贴项目'; // first project of the first unit
const PROJECT_B = '职业培训经费'; // second project of the first unit
const PROJECT_C = '技能鉴定补助';
const PROJECT_D = '公共实训基地运营'; // the last row
const UNIT_1 = '人力资源局本级';
const UNIT_2 = '职业训练中心';

const INVALID_AMOUNTS: Record<AmountColumn, string> = {
  [TOTAL]: '1,474.59元', // stored as text in the workbook
  [FISCAL]: '1234.567', // three decimals: a number in the workbook, rejected all the same
  [SPECIAL]: '二百一十',
  [OTHER]: '30.02.1',
};

const TABLE_CASES: TableCase[] = [
  {
    name: 'the fixture as it is: no message at all',
    edit: () => {},
    expect: [],
  },

  // UNREADABLE_ROW, TRUNCATED_ROW
  {
    name: 'UNREADABLE_ROW: a project row with a cell beyond the header (the row is dropped, so its unit no longer adds up)',
    edit: (g) => setCell(g, PROJECT_A, INDICATORS + 1, '多余'),
    expect: [err('UNREADABLE_ROW', PROJECT_A, { says: '表头只有7列' }), ...totalMismatch(UNIT_1)],
  },
  {
    name: 'UNREADABLE_ROW: a project row cut short (text only: a workbook row simply ends at its last filled cell)',
    kinds: ['text'],
    edit: (g) => {
      rowOf(g, PROJECT_A).cells.length = OTHER + 1;
    },
    expect: [err('UNREADABLE_ROW', PROJECT_A, { says: '该行只有5列' }), ...totalMismatch(UNIT_1)],
  },
  {
    name: 'TRUNCATED_ROW: the file ends inside the last row’s quoted, multi-line goal',
    kinds: ['text'],
    edit: (g) => setCell(g, PROJECT_D, GOAL, '保障公共实训基地正常运营，\n开放实训工位。'),
    text: (tsv) => tsv.slice(0, tsv.indexOf('\n开放实训工位')),
    // The cut row is lost, so its unit no longer adds up.
    expect: [err('TRUNCATED_ROW', PROJECT_D), ...totalMismatch(UNIT_2)],
  },

  // INVALID_AMOUNT, in each column and in the 合计 row; the unreadable amount counts as 0
  ...AMOUNT_COLUMNS.map(
    (column): TableCase => ({
      name: `INVALID_AMOUNT: ${labelOf(column)} “${INVALID_AMOUNTS[column]}” in a project row, at its cell`,
      edit: (g) => setCell(g, PROJECT_A, column, INVALID_AMOUNTS[column]),
      expect: [
        err('INVALID_AMOUNT', PROJECT_A, { column, says: `${labelOf(column)}“${INVALID_AMOUNTS[column]}”` }),
        err('AMOUNT_SUM_MISMATCH', PROJECT_A),
        err('TOTAL_MISMATCH', UNIT_1, { says: `的${labelOf(column)}` }),
      ],
    }),
  ),
  {
    name: 'INVALID_AMOUNT: 其他资金 in the 合计 row, stored as a number with three decimals in the workbook',
    edit: (g) => setCell(g, '合计', OTHER, '3,037.531'),
    expect: [err('INVALID_AMOUNT', '合计', { column: OTHER }), err('AMOUNT_SUM_MISMATCH', '合计'), ...totalMismatch('合计', [OTHER])],
  },

  // AMOUNT_SUM_MISMATCH in a project, a unit and the 合计 row
  {
    name: 'AMOUNT_SUM_MISMATCH: a project’s 总计 is not the sum of its sources',
    edit: (g) => shift(g, PROJECT_A, { [TOTAL]: 1 }),
    expect: [err('AMOUNT_SUM_MISMATCH', PROJECT_A, { says: `“${PROJECT_A}”的总计${figurePlus(PROJECT_A, TOTAL, 1)}不等于` }), ...totalMismatch(UNIT_1, [TOTAL])],
  },
  {
    name: 'AMOUNT_SUM_MISMATCH: a unit’s 总计 is not the sum of its sources',
    edit: (g) => shift(g, UNIT_2, { [TOTAL]: 1 }),
    expect: [err('AMOUNT_SUM_MISMATCH', UNIT_2), statedMismatch(UNIT_2, TOTAL, 1), ...totalMismatch('合计', [TOTAL])],
  },
  {
    name: 'AMOUNT_SUM_MISMATCH: the 合计 row’s 总计 is not the sum of its sources',
    edit: (g) => shift(g, '合计', { [TOTAL]: -1 }),
    expect: [err('AMOUNT_SUM_MISMATCH', '合计'), statedMismatch('合计', TOTAL, -1)],
  },

  // TOTAL_MISMATCH: every column, at a unit row and at the 合计 row (each row's own sum still right)
  {
    name: 'TOTAL_MISMATCH: a unit row’s 总计 and 财政拨款 are not the sums of its projects',
    edit: (g) => {
      shift(g, UNIT_1, { [TOTAL]: 1, [FISCAL]: 1 });
      shift(g, '合计', { [TOTAL]: 1, [FISCAL]: 1 });
    },
    expect: [statedMismatch(UNIT_1, TOTAL, 1), statedMismatch(UNIT_1, FISCAL, 1)],
  },
  {
    name: 'TOTAL_MISMATCH: a unit row’s 财政专户拨款 and 其他资金 are not the sums of its projects',
    edit: (g) => {
      shift(g, UNIT_2, { [SPECIAL]: 1, [OTHER]: -1 });
      shift(g, '合计', { [SPECIAL]: 1, [OTHER]: -1 });
    },
    expect: [statedMismatch(UNIT_2, SPECIAL, 1), statedMismatch(UNIT_2, OTHER, -1)],
  },
  {
    name: 'TOTAL_MISMATCH: the 合计 row’s 总计 and 财政拨款 are not the sums of the units',
    edit: (g) => shift(g, '合计', { [TOTAL]: 2, [FISCAL]: 2 }),
    expect: [statedMismatch('合计', TOTAL, 2), statedMismatch('合计', FISCAL, 2)],
  },
  {
    name: 'TOTAL_MISMATCH: the 合计 row’s 财政专户拨款 and 其他资金 are not the sums of the units',
    edit: (g) => shift(g, '合计', { [SPECIAL]: -3, [OTHER]: 3 }),
    expect: [statedMismatch('合计', SPECIAL, -3), statedMismatch('合计', OTHER, 3)],
  },

  // Names
  {
    name: 'PROJECT_NAME_MISSING: a project row without a name',
    edit: (g) => setCell(g, PROJECT_A, NAME, ''),
    expect: [err('PROJECT_NAME_MISSING', PROJECT_A)],
  },
  {
    name: 'PROJECT_NAME_MISSING below a multi-line goal: the text line moves down, the sheet row does not',
    edit: (g) => {
      setCell(g, PROJECT_A, GOAL, '按时足额发放就业补贴，\n稳定重点群体就业。');
      setCell(g, PROJECT_B, NAME, '');
    },
    expect: [err('PROJECT_NAME_MISSING', PROJECT_B)],
  },
  {
    name: 'UNIT_NAME_MISSING: a unit row without a name',
    edit: (g) => setCell(g, UNIT_2, NAME, ''),
    expect: [err('UNIT_NAME_MISSING', UNIT_2)],
  },

  // Indicators
  {
    name: 'INDICATOR_UNPARSEABLE: the second indicator lacks its 实施周期指标值 label (the cell yields no indicators)',
    edit: (g) => editCell(g, PROJECT_B, INDICATORS, '培训合格率；实施周期指标值:', '培训合格率；'),
    expect: [
      err('INDICATOR_UNPARSEABLE', PROJECT_B, { column: INDICATORS, says: '第2条绩效指标' }),
      warn('MISSING_INDICATOR_CATEGORY', PROJECT_B, { says: '没有产出指标、效益指标、满意度指标' }),
    ],
  },
  {
    name: 'INDICATOR_LEVEL_MISMATCH: a level-2 code under another level 1, at the indicator cell',
    edit: (g) => editCell(g, PROJECT_A, INDICATORS, '1、1-产出指标；11-数量指标', '1、1-产出指标；21-经济效益'),
    expect: [warn('INDICATOR_LEVEL_MISMATCH', PROJECT_A, { column: INDICATORS, says: '二级指标“21-经济效益”不属于一级指标“1-产出指标”' })],
  },
  {
    name: 'UNKNOWN_INDICATOR_CODE: an unknown level-1 code (and so an unknown level 2 under it)',
    edit: (g) => editCell(g, PROJECT_B, INDICATORS, '2、1-产出指标；12-质量指标', '2、5-其他指标；51-其他'),
    expect: [
      warn('UNKNOWN_INDICATOR_CODE', PROJECT_B, { column: INDICATORS, says: '未知的一级指标代码“5-其他指标”' }),
      warn('UNKNOWN_INDICATOR_CODE', PROJECT_B, { column: INDICATORS, says: '未知的二级指标代码“51-其他”' }),
    ],
  },
  {
    name: 'UNKNOWN_INDICATOR_CODE: an unknown level-2 code under a known level 1',
    edit: (g) => editCell(g, PROJECT_B, INDICATORS, '2、1-产出指标；12-质量指标', '2、1-产出指标；19-其他指标'),
    expect: [warn('UNKNOWN_INDICATOR_CODE', PROJECT_B, { column: INDICATORS, says: '未知的二级指标代码“19-其他指标”' })],
  },
  {
    name: 'MISSING_INDICATOR_CATEGORY: a project without a 满意度 indicator, at the project',
    edit: (g) => setCell(g, PROJECT_C, INDICATORS, indicatorCell(rowNamed(PROJECT_C).indicators.slice(0, 2))),
    expect: [warn('MISSING_INDICATOR_CATEGORY', PROJECT_C, { says: `项目“${PROJECT_C}”没有满意度指标` })],
  },
  {
    name: 'INDICATOR_NUMBERING: indicators numbered 1, 3, 3',
    edit: (g) => editCell(g, PROJECT_A, INDICATORS, '2、2-效益指标', '3、2-效益指标'),
    expect: [warn('INDICATOR_NUMBERING', PROJECT_A, { column: INDICATORS, says: '第2条编号为3' })],
  },

  // Structure
  {
    name: 'MISSING_TOTAL_ROW: no 合计 row, at the header (the absent 合计 then counts as 0)',
    edit: (g) => removeRow(g, '合计'),
    expect: [err('MISSING_TOTAL_ROW', 'header'), ...totalMismatch('header')],
  },
  {
    name: 'DUPLICATE_TOTAL_ROW: a second 合计 row at the end, at that row',
    edit: (g) => insertAfter(g, PROJECT_D, { id: '合计 again', cells: [...rowOf(g, '合计').cells] }),
    expect: [err('DUPLICATE_TOTAL_ROW', '合计 again')],
  },
  {
    name: 'MISSING_UNIT_ROW: the first unit row deleted, at the first project (which then stands for a unit of 0)',
    edit: (g) => removeRow(g, UNIT_1),
    expect: [err('MISSING_UNIT_ROW', PROJECT_A, { says: `项目“${PROJECT_A}”之前没有资金使用单位行` }), ...totalMismatch(PROJECT_A), ...totalMismatch('合计')],
  },
  {
    name: 'UNSUPPORTED_MONEY_UNIT: 单位：元, at the 单位 line',
    edit: (g) => setCell(g, 'money-unit', NAME, '单位：元'),
    expect: [err('UNSUPPORTED_MONEY_UNIT', 'money-unit', { says: '金额单位“元”不受支持' })],
  },
  {
    name: 'UNSUPPORTED_MONEY_UNIT: 单位名称 left and 单位：千元 right on one row, at the 单位 cell',
    edit: (g) => {
      setCell(g, 'department', INDICATORS, '单位：千元');
      removeRow(g, 'money-unit');
    },
    expect: [err('UNSUPPORTED_MONEY_UNIT', 'department', { column: INDICATORS, says: '“千元”' })],
  },
  {
    name: 'UNKNOWN_COLUMN: a 备注 column after the seven, filled in one row (a warning, not a broken row)',
    edit: (g) => {
      setCell(g, 'header', INDICATORS + 1, '备注');
      for (const r of g.slice(rowIndex(g, 'header') + 1)) setCell(g, r.id, INDICATORS + 1, r.id === PROJECT_B ? '续建' : '');
    },
    expect: [warn('UNKNOWN_COLUMN', 'header', { column: INDICATORS + 1, says: '表头“备注”不是官方格式的列' })],
  },

  // Names and text
  {
    name: 'DUPLICATE_PROJECT: a unit’s second project renamed like its first, at the second, naming the first',
    edit: (g) => setCell(g, PROJECT_B, NAME, PROJECT_A),
    expect: [warn('DUPLICATE_PROJECT', PROJECT_B, { says: (ref) => `项目名称“${PROJECT_A}”重复（另见${ref(PROJECT_A)}）` })],
  },
  {
    name: 'LATIN_IN_CHINESE: a Latin word in a project name',
    edit: (g) => setCell(g, PROJECT_C, NAME, '技能鉴定 and 补助'),
    expect: [warn('LATIN_IN_CHINESE', PROJECT_C, { says: '名称中文句中夹有英文单词“and”' })],
  },
  {
    name: 'LATIN_IN_CHINESE: a Latin word in a goal, at the project',
    edit: (g) => editCell(g, PROJECT_B, GOAL, '培训，提升', '培训 and 提升'),
    expect: [warn('LATIN_IN_CHINESE', PROJECT_B, { says: '绩效目标中文句中夹有英文单词“and”' })],
  },
  {
    name: 'LATIN_IN_CHINESE: a Latin word in an indicator, at the indicator cell',
    edit: (g) => editCell(g, PROJECT_B, INDICATORS, '培训合格率', '培训 or 合格率'),
    expect: [warn('LATIN_IN_CHINESE', PROJECT_B, { column: INDICATORS, says: '第2条指标中文句中夹有英文单词“or”' })],
  },
];

async function loadTableCase(c: TableCase, kind: Kind): Promise<{ diagnostics: Diagnostic[]; expected: Located[] }> {
  const g = fixtureGrid();
  c.edit(g);
  let file: string;
  let at: (e: Expected) => Source;
  let ref: RowRef;
  if (kind === 'text') {
    file = newPath('txt');
    writeFileSync(file, c.text ? c.text(tsvOf(g)) : tsvOf(g));
    at = (e) => ({ file, line: lineOf(g, e.row) });
    ref = (id) => `第${lineOf(g, id)}行`;
  } else {
    file = newPath('xlsx');
    writeFileSync(file, await workbookOf(g));
    at = (e) => ({ file, sheet: SHEET, cell: cellOf(g, e.row, e.column ?? NAME) });
    ref = (id) => cellOf(g, id, NAME);
  }
  const { diagnostics } = await loadPublication(file);
  const expected = c.expect.map((e) => ({
    code: e.code,
    severity: e.severity,
    source: at(e),
    says: typeof e.says === 'function' ? e.says(ref) : e.says,
  }));
  return { diagnostics, expected };
}

describe('messages about text exports and workbooks, at their line or cell', () => {
  it('the grid is the fixture: its rows sit on the lines the fixture states', () => {
    const g = fixtureGrid();
    expect(tsvOf(g)).toBe(DISTINCT_TSV);
    for (const r of DISTINCT_ROWS) expect(lineOf(g, r.name)).toBe(r.line);
    expect(cellOf(g, 'money-unit', NAME)).toBe('A5');
  });

  for (const kind of ['text', 'workbook'] as const) {
    describe(kind, () => {
      for (const c of TABLE_CASES.filter((x) => (x.kinds ?? ['text', 'workbook']).includes(kind))) {
        it(c.name, async () => {
          const { diagnostics, expected } = await loadTableCase(c, kind);
          expectExactly(diagnostics, expected);
        });
      }
    });
  }
});

// ---- canonical JSON and YAML ----

type Format = 'json' | 'yaml';

/** A field line of either format: `  "key": value,` or `  - key: value`. */
const FIELD = /^( *)(- )?"?([A-Za-z]+)"?:(?: (.*?))?(,?)$/;

/**
 * The canonical text as lines, with the few searches and edits the cases need. Lines are
 * found by key and value, never by number: the fixture's amounts all differ, so an amount
 * names its field.
 */
class CanonicalText {
  readonly lines: string[];
  constructor(
    readonly format: Format,
    text: string,
  ) {
    this.lines = text.split('\n');
  }

  get text(): string {
    return this.lines.join('\n');
  }

  private field(n: number): RegExpExecArray | null {
    return FIELD.exec(this.lines[n - 1] ?? '');
  }

  /** 1-based line of the first `key: value` at or after line `from` (value compared unquoted; omitted: any value). */
  find(key: string, value?: string | number, from = 1): number {
    for (let n = from; n <= this.lines.length; n++) {
      const m = this.field(n);
      if (m && m[3] === key && (value === undefined || unquote(m[4]) === String(value))) return n;
    }
    throw new Error(`no ${key}: ${value ?? ''} after line ${from}`);
  }

  /** The column where the key (or, for `{`/`}` lines, the text) of line n starts. */
  private column(n: number): number {
    const line = this.lines[n - 1] ?? '';
    const m = this.field(n);
    return m ? m[1]!.length + (m[2] ? 2 : 0) : line.length - line.trimStart().length;
  }

  /**
   * The line where the object holding the field on line n starts, which is how readers place
   * a record: in JSON the line of its `{` (`"total": {` for a nested object); in YAML the line
   * of its first key (`- name: …` in a list).
   */
  objectStart(n: number): number {
    const column = this.column(n);
    if (this.format === 'json') {
      for (let i = n - 1; i >= 1; i--) if (this.column(i) < column) return i;
      return 1;
    }
    for (let i = n; i > 1; i--) {
      // `- key:` at this column starts a list item; a line further left, the object below it.
      if (this.field(i)?.[2] !== undefined && this.column(i) === column) return i;
      if (this.column(i - 1) < column) return i;
    }
    return 1;
  }

  /** Replaces the value on line n by `literal` (written as is: `"元"`, `1234.56`). */
  setValue(n: number, literal: string): void {
    const m = this.field(n);
    if (!m) throw new Error(`line ${n} is no field: ${this.lines[n - 1]}`);
    this.lines[n - 1] = `${m[1]}${m[2] ?? ''}${this.key(m[3]!)}: ${literal}${m[5]}`;
  }

  /** Inserts `key: literal` after line n, in the object that holds line n's field (not after its last field in JSON). */
  insertAfter(n: number, key: string, literal: string): number {
    const comma = this.format === 'json' ? ',' : '';
    this.lines.splice(n, 0, `${' '.repeat(this.column(n))}${this.key(key)}: ${literal}${comma}`);
    return n + 1;
  }

  removeLine(n: number): void {
    this.lines.splice(n - 1, 1);
  }

  private key(k: string): string {
    return this.format === 'json' ? `"${k}"` : k;
  }
}

function unquote(raw: string | undefined): string {
  if (raw === undefined) return '';
  return raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
}

/** A string as a JSON literal, which YAML reads as a double-quoted scalar. */
const lit = (s: string) => JSON.stringify(s);

/** The canonical amount after adding cents: `1474.59` → `1474.60`. */
const amountPlus = (value: string, cents: number) => toFigure(toCents(value) + cents).replace(/,/g, '');
/** A row's amount as canonical JSON/YAML writes it: `1474.59`. */
const canonical = (name: string, column: AmountColumn) => figureOf(name, column).replace(/,/g, '');

interface LineExpected {
  code: string;
  severity: Severity;
  line: number;
  says?: string;
  repeated?: boolean;
}

interface CanonicalCase {
  name: string;
  formats?: Format[];
  /** Edits the document and says which messages must follow, at lines found in the edited text. */
  run: (doc: CanonicalText) => LineExpected[];
}

const errAt = (code: string, line: number, says?: string): LineExpected => ({ code, severity: 'error', line, says });
const warnAt = (code: string, line: number, says?: string): LineExpected => ({ code, severity: 'warning', line, says });
/** A syntax error: the YAML parser may report one mistake several times, all at its line. */
const syntaxAt = (line: number, says?: string): LineExpected => ({ code: 'SYNTAX_ERROR', severity: 'error', line, says, repeated: true });

// Where records start, found by searching the text.
/** A unit or project, by its (unique) name. */
const recordLine = (doc: CanonicalText, name: string) => doc.objectStart(doc.find('name', name));
/** The 合计: the object under the top-level `total` key. */
const totalLine = (doc: CanonicalText) => doc.objectStart(doc.find('total') + 1);
/** The n-th (1-based number) indicator of a project. */
const indicatorLine = (doc: CanonicalText, project: string, number: number) => doc.objectStart(doc.find('number', number, doc.find('name', project)));

type AmountKey = 'total' | 'fiscal' | 'special' | 'other';

/** Changes an amount field, found by its (unique) value, by `cents`. */
function bump(doc: CanonicalText, key: AmountKey, value: string, cents: number): void {
  doc.setValue(doc.find(key, value), lit(amountPlus(value, cents)));
}

const CANONICAL_CASES: CanonicalCase[] = [
  { name: 'the fixture as written: no message at all', run: () => [] },

  // SCHEMA_VIOLATION at the offending node
  {
    name: 'SCHEMA_VIOLATION: an amount written as a number, at its line',
    run: (doc) => {
      const n = doc.find('fiscal', canonical(PROJECT_A, FISCAL));
      doc.setValue(n, canonical(PROJECT_A, FISCAL));
      return [errAt('SCHEMA_VIOLATION', n, 'units[0].projects[0].amounts.fiscal')];
    },
  },
  {
    name: 'SCHEMA_VIOLATION: an empty project name, at its line',
    run: (doc) => {
      const n = doc.find('name', PROJECT_C);
      doc.setValue(n, lit(''));
      return [errAt('SCHEMA_VIOLATION', n, 'units[1].projects[0].name：不能为空')];
    },
  },
  {
    name: 'SCHEMA_VIOLATION: a project without its goal, at the project',
    run: (doc) => {
      doc.removeLine(doc.find('goal', undefined, doc.find('name', PROJECT_B)));
      return [errAt('SCHEMA_VIOLATION', recordLine(doc, PROJECT_B), '缺少必填字段“goal”')];
    },
  },
  {
    name: 'SCHEMA_VIOLATION: an unknown field, at its key',
    run: (doc) => {
      const n = doc.insertAfter(doc.find('name', UNIT_2), 'remark', lit('备注'));
      return [errAt('SCHEMA_VIOLATION', n, '不允许的字段“remark”')];
    },
  },
  {
    name: 'SCHEMA_VIOLATION: an indicator number written as text, at its line (read as 0, so numbering warns)',
    run: (doc) => {
      const n = doc.find('number', 2, doc.find('name', PROJECT_C));
      doc.setValue(n, lit('二'));
      return [errAt('SCHEMA_VIOLATION', n, '应为整数'), warnAt('INDICATOR_NUMBERING', doc.objectStart(n), '第2条编号为0')];
    },
  },
  {
    name: 'SCHEMA_VIOLATION: another format tag, at its line',
    run: (doc) => {
      const n = doc.find('format');
      doc.setValue(n, lit('pubtable/2'));
      return [errAt('SCHEMA_VIOLATION', n, '应为 "pubtable/1"')];
    },
  },

  // SYNTAX_ERROR that leaves an object: reported, reading goes on (and the schema is not checked)
  {
    name: 'SYNTAX_ERROR: a key given twice in one object, at the second',
    run: (doc) => {
      const n = doc.insertAfter(doc.find('name', PROJECT_A), 'name', lit('就业补贴'));
      return [syntaxAt(n, '同一对象中字段重复')];
    },
  },
  {
    name: 'SYNTAX_ERROR: a JSON file cut off, at its last line (what was read before it is still checked)',
    formats: ['json'],
    run: (doc) => {
      doc.lines.length = doc.find('goal', undefined, doc.find('name', PROJECT_B));
      // Read up to the cut: the first unit and its two projects, the second without indicators.
      return [
        syntaxAt(doc.lines.length),
        ...AMOUNT_COLUMNS.map((c) => errAt('TOTAL_MISMATCH', totalLine(doc), `合计行的${labelOf(c)}`)),
        warnAt('MISSING_INDICATOR_CATEGORY', recordLine(doc, PROJECT_B)),
      ];
    },
  },
  {
    name: 'SYNTAX_ERROR: a YAML line indented with a tab, at that line',
    formats: ['yaml'],
    run: (doc) => {
      const n = doc.find('department');
      doc.lines[n - 1] = `\t${doc.lines[n - 1]}`;
      return [syntaxAt(n, '不能用制表符缩进')];
    },
  },

  // Amounts
  {
    name: 'AMOUNT_SUM_MISMATCH: a project’s total is not the sum of its sources, at the project',
    run: (doc) => {
      bump(doc, 'total', canonical(PROJECT_A, TOTAL), 1);
      return [
        errAt('AMOUNT_SUM_MISMATCH', recordLine(doc, PROJECT_A), `“${PROJECT_A}”的总计${figurePlus(PROJECT_A, TOTAL, 1)}不等于`),
        errAt('TOTAL_MISMATCH', recordLine(doc, UNIT_1), '的总计'),
      ];
    },
  },
  {
    name: 'TOTAL_MISMATCH: a unit’s 总计 and 财政拨款 are not the sums of its projects, at the unit',
    run: (doc) => {
      for (const [key, column] of [['total', TOTAL], ['fiscal', FISCAL]] as const) {
        bump(doc, key, canonical(UNIT_1, column), 1);
        bump(doc, key, canonical('合计', column), 1);
      }
      const unit = recordLine(doc, UNIT_1);
      return [errAt('TOTAL_MISMATCH', unit, `的总计${figurePlus(UNIT_1, TOTAL, 1)}不等于`), errAt('TOTAL_MISMATCH', unit, `的财政拨款${figurePlus(UNIT_1, FISCAL, 1)}不等于`)];
    },
  },
  {
    name: 'TOTAL_MISMATCH: the 合计’s 财政专户拨款 and 其他资金 are not the sums of the units, at the 合计',
    run: (doc) => {
      bump(doc, 'special', canonical('合计', SPECIAL), 5);
      bump(doc, 'other', canonical('合计', OTHER), -5);
      const total = totalLine(doc);
      return [
        errAt('TOTAL_MISMATCH', total, `合计行的财政专户拨款${figurePlus('合计', SPECIAL, 5)}不等于`),
        errAt('TOTAL_MISMATCH', total, `合计行的其他资金${figurePlus('合计', OTHER, -5)}不等于`),
      ];
    },
  },
  {
    name: 'UNSUPPORTED_MONEY_UNIT: moneyUnit 元, at the moneyUnit key',
    run: (doc) => {
      const n = doc.find('moneyUnit');
      doc.setValue(n, lit('元'));
      return [errAt('UNSUPPORTED_MONEY_UNIT', n, '金额单位“元”不受支持')];
    },
  },

  // Indicator warnings, at the indicator (or, for a missing category, the project)
  {
    name: 'INDICATOR_LEVEL_MISMATCH: a level-2 code under another level 1',
    run: (doc) => {
      doc.setValue(doc.find('code', '11', doc.find('name', PROJECT_A)), lit('21'));
      return [warnAt('INDICATOR_LEVEL_MISMATCH', indicatorLine(doc, PROJECT_A, 1), '二级指标“21-数量指标”不属于一级指标“1-产出指标”')];
    },
  },
  {
    name: 'UNKNOWN_INDICATOR_CODE: unknown level-1 and level-2 codes',
    run: (doc) => {
      const indicator = doc.find('number', 2, doc.find('name', PROJECT_B));
      doc.setValue(doc.find('code', '1', indicator), lit('5'));
      doc.setValue(doc.find('code', '12', indicator), lit('51'));
      const n = doc.objectStart(indicator);
      return [warnAt('UNKNOWN_INDICATOR_CODE', n, '未知的一级指标代码“5-产出指标”'), warnAt('UNKNOWN_INDICATOR_CODE', n, '未知的二级指标代码“51-质量指标”')];
    },
  },
  {
    name: 'UNKNOWN_INDICATOR_CODE: an unknown level-2 code alone',
    run: (doc) => {
      doc.setValue(doc.find('code', '12', doc.find('name', PROJECT_B)), lit('19'));
      return [warnAt('UNKNOWN_INDICATOR_CODE', indicatorLine(doc, PROJECT_B, 2), '未知的二级指标代码“19-质量指标”')];
    },
  },
  {
    name: 'MISSING_INDICATOR_CATEGORY: the 满意度 indicator recoded as 效益, at the project',
    run: (doc) => {
      const indicator = doc.find('number', 3, doc.find('name', PROJECT_C));
      doc.setValue(doc.find('code', '3', indicator), lit('2'));
      doc.setValue(doc.find('code', '31', indicator), lit('22'));
      return [warnAt('MISSING_INDICATOR_CATEGORY', recordLine(doc, PROJECT_C), '没有满意度指标')];
    },
  },
  {
    name: 'INDICATOR_NUMBERING: indicators numbered 1, 3, 3',
    run: (doc) => {
      const n = doc.find('number', 2, doc.find('name', PROJECT_A));
      doc.setValue(n, '3');
      return [warnAt('INDICATOR_NUMBERING', doc.objectStart(n), '第2条编号为3')];
    },
  },

  // Names and text
  {
    name: 'DUPLICATE_PROJECT: a unit’s second project named like its first, at the second, naming the first',
    run: (doc) => {
      const first = recordLine(doc, PROJECT_A);
      const n = doc.find('name', PROJECT_B);
      doc.setValue(n, lit(PROJECT_A));
      return [warnAt('DUPLICATE_PROJECT', doc.objectStart(n), `（另见第${first}行）`)];
    },
  },
  {
    name: 'LATIN_IN_CHINESE: a Latin word in a goal, at the project',
    run: (doc) => {
      const n = doc.find('goal', undefined, doc.find('name', PROJECT_B));
      doc.setValue(n, lit('开展职业技能培训 and 提升劳动者技能水平。'));
      return [warnAt('LATIN_IN_CHINESE', recordLine(doc, PROJECT_B), '“and”')];
    },
  },
  {
    name: 'LATIN_IN_CHINESE: a Latin word in an indicator value, at the indicator',
    run: (doc) => {
      doc.setValue(doc.find('annualValue', '11月底前'), lit('11月 or 底前'));
      return [warnAt('LATIN_IN_CHINESE', indicatorLine(doc, PROJECT_C, 1), '第1条指标中文句中夹有英文单词“or”')];
    },
  },
];

/** The fixture's model, read from its text export: what the canonical cases write. */
let fixtureModel: Promise<Publication> | null = null;
const fixturePublication = () => (fixtureModel ??= readAny(Buffer.from(DISTINCT_TSV), 'distinct.txt').then((r) => r.publication));

describe('messages about canonical JSON and YAML, at the line of the offending node', () => {
  let fixture: Publication;
  beforeAll(async () => {
    fixture = await fixturePublication();
  });

  for (const format of ['json', 'yaml'] as const) {
    describe(format, () => {
      for (const c of CANONICAL_CASES.filter((x) => (x.formats ?? ['json', 'yaml']).includes(format))) {
        it(c.name, async () => {
          const doc = new CanonicalText(format, writeCanonical(fixture, format));
          const expected = c.run(doc);
          const file = newPath(format);
          writeFileSync(file, doc.text);
          const { diagnostics } = await loadPublication(file);
          expectExactly(
            diagnostics,
            expected.map((e) => ({ code: e.code, severity: e.severity, source: { file, line: e.line }, says: e.says, repeated: e.repeated })),
          );
        });
      }
    });
  }

  it('the searches find what the readers place: a project’s line, the 合计’s line, the moneyUnit line', async () => {
    for (const format of ['json', 'yaml'] as const) {
      const doc = new CanonicalText(format, writeCanonical(fixture, format));
      const p = (await readAny(Buffer.from(doc.text), `x.${format}`)).publication;
      expect(p.units[0]!.projects[1]!.source.line).toBe(recordLine(doc, PROJECT_B));
      expect(p.units[1]!.projects[0]!.indicators[2]!.source.line).toBe(indicatorLine(doc, PROJECT_C, 3));
      expect(p.totalSource.line).toBe(totalLine(doc));
      expect(p.moneyUnitSource).toEqual({ file: `x.${format}`, line: doc.find('moneyUnit') });
    }
  });
});

// ---- fatal problems: nothing can be read ----

/** The InputError a load throws, or a failure when it does not throw one. */
async function inputError(file: string): Promise<InputError> {
  const e = await loadPublication(file).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}

describe('fatal problems: an InputError with code and place', () => {
  it('FILE_UNREADABLE: a file that does not exist, a folder', async () => {
    const missing = join(tmp, 'missing.txt');
    const e1 = await inputError(missing);
    expect([e1.code, e1.source]).toEqual(['FILE_UNREADABLE', { file: missing }]);
    expect(e1.message).toContain('文件不存在');
    const folder = join(tmp, 'folder.txt');
    mkdirSync(folder);
    const e2 = await inputError(folder);
    expect([e2.code, e2.source]).toEqual(['FILE_UNREADABLE', { file: folder }]);
    expect(e2.message).toContain('这是一个目录');
  });

  it('HEADER_NOT_FOUND: a text export and a workbook without the header row', async () => {
    const text = newPath('txt');
    writeFileSync(text, tsvOf(headerlessGrid()));
    const e1 = await inputError(text);
    expect([e1.code, e1.source]).toEqual(['HEADER_NOT_FOUND', { file: text }]);
    const book = newPath('xlsx');
    writeFileSync(book, await workbookOf(headerlessGrid()));
    const e2 = await inputError(book);
    expect([e2.code, e2.source]).toEqual(['HEADER_NOT_FOUND', { file: book }]);
  });

  it('NOT_A_WORKBOOK: text named .xlsx, and a broken zip whatever its name', async () => {
    const named = newPath('xlsx');
    writeFileSync(named, DISTINCT_TSV);
    const e1 = await inputError(named);
    expect([e1.code, e1.source]).toEqual(['NOT_A_WORKBOOK', { file: named }]);
    const zip = newPath('txt');
    writeFileSync(zip, `PK\u0003\u0004${DISTINCT_TSV}`);
    const e2 = await inputError(zip);
    expect([e2.code, e2.source]).toEqual(['NOT_A_WORKBOOK', { file: zip }]);
  });

  it('NOT_CANONICAL: JSON holding a list, YAML holding a list', async () => {
    const p = await fixturePublication();
    const json = newPath('json');
    writeFileSync(json, `[${writeCanonical(p, 'json')}]`);
    const e1 = await inputError(json);
    expect([e1.code, e1.source]).toEqual(['NOT_CANONICAL', { file: json }]);
    const yaml = newPath('yaml');
    writeFileSync(yaml, '- 合计\n- 人力资源局本级\n');
    const e2 = await inputError(yaml);
    expect([e2.code, e2.source]).toEqual(['NOT_CANONICAL', { file: yaml }]);
  });

  it('SYNTAX_ERROR, fatal when no object is left: at the line of the first error', async () => {
    const p = await fixturePublication();
    // JSON opened as a list but closed as an object: the error is at the closing brace.
    const jsonDoc = new CanonicalText('json', writeCanonical(p, 'json'));
    jsonDoc.lines[0] = '[';
    const braceLine = jsonDoc.lines.lastIndexOf('}') + 1;
    const json = newPath('json');
    writeFileSync(json, jsonDoc.text);
    const e1 = await inputError(json);
    expect([e1.code, e1.source]).toEqual(['SYNTAX_ERROR', { file: json, line: braceLine }]);
    // YAML whose first key became a list item: the second key no longer fits.
    const yamlDoc = new CanonicalText('yaml', writeCanonical(p, 'yaml'));
    yamlDoc.lines[0] = `- ${yamlDoc.lines[0]}`;
    const yaml = newPath('yaml');
    writeFileSync(yaml, yamlDoc.text);
    const e2 = await inputError(yaml);
    expect([e2.code, e2.source]).toEqual(['SYNTAX_ERROR', { file: yaml, line: yamlDoc.find('title') }]);
  });
});

describe('the command line: fatal problems exit 2 with one located line on stderr', () => {
  /** Exactly one line `place: 错误 CODE: 中文…`, and so no stack trace. */
  const expectOneLine = (stderr: string, place: string, code: string) => {
    const prefix = `${place}: 错误 ${code}: `;
    expect(stderr.startsWith(prefix), stderr).toBe(true);
    expect(stderr.slice(prefix.length)).toMatch(/^[^\n]*[\u4e00-\u9fff][^\n]*\n$/);
  };

  it('FILE_UNREADABLE, HEADER_NOT_FOUND, NOT_A_WORKBOOK: file only', () => {
    const missing = join(tmp, 'missing-cli.txt');
    const headerless = newPath('txt');
    writeFileSync(headerless, tsvOf(headerlessGrid()));
    const notBook = newPath('xlsx');
    writeFileSync(notBook, DISTINCT_TSV);
    for (const [file, code] of [
      [missing, 'FILE_UNREADABLE'],
      [headerless, 'HEADER_NOT_FOUND'],
      [notBook, 'NOT_A_WORKBOOK'],
    ] as const) {
      const r = pubtable(['validate', file]);
      expect(r.status, code).toBe(2);
      expectOneLine(r.stderr, file, code);
    }
  });

  it('a fatal SYNTAX_ERROR: file and line', async () => {
    const p = await fixturePublication();
    const doc = new CanonicalText('json', writeCanonical(p, 'json'));
    doc.lines[0] = '[';
    const file = newPath('json');
    writeFileSync(file, doc.text);
    const r = pubtable(['validate', file]);
    expect(r.status).toBe(2);
    // Opened as a list, closed as an object: the error is at the closing brace.
    expectOneLine(r.stderr, `${file}:${doc.lines.lastIndexOf('}') + 1}`, 'SYNTAX_ERROR');
  });

  it('UNSUPPORTED_MONEY_UNIT exits 1 and names the 单位 line', () => {
    const g = fixtureGrid();
    setCell(g, 'money-unit', NAME, '单位：元');
    const file = newPath('txt');
    writeFileSync(file, tsvOf(g));
    const r = pubtable(['validate', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${file}:${lineOf(g, 'money-unit')}: 错误 UNSUPPORTED_MONEY_UNIT: 金额单位“元”不受支持，应为万元`);
  });
});

describe('coverage of the README', () => {
  it('every code in the README’s message table has a case above (MISSING_GLYPH: test/build-publication.test.ts)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const documented = readme
      .split('\n')
      .filter((l) => /^\| `[A-Z_]+`/.test(l))
      .flatMap((l) => [...l.split('|')[1]!.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!));
    // Each case is named after the code it makes fire.
    const named = [...TABLE_CASES, ...CANONICAL_CASES].map((c) => /^[A-Z_]+(?=:)/.exec(c.name)?.[0]);
    const fatal = ['FILE_UNREADABLE', 'HEADER_NOT_FOUND', 'NOT_A_WORKBOOK', 'NOT_CANONICAL', 'SYNTAX_ERROR'];
    const covered = new Set([...named, ...fatal, 'MISSING_GLYPH']);
    expect(documented.length).toBeGreaterThan(20);
    expect(documented.filter((code) => !covered.has(code))).toEqual([]);
  });
});
