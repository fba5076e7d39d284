/**
 * Rows of cells → Publication. Shared by every tabular reader: finds the header row by its
 * labels, reads the title lines above it, then classifies each row: `合计` is the stated
 * grand total; a row with amounts but no 绩效目标/绩效指标 is a unit (资金使用单位); any
 * other row is a project of the unit above it.
 */
import { AMOUNT_PROBLEMS, readAmount, readAmountNumber } from '../../model/amount.js';
import { zeroAmounts } from '../../model/amounts.js';
import { findInvalidCharacter, invalidCharacterMessage } from '../../model/characters.js';
import { error, excerpt, InputError, limitRepeats, warning, type Diagnostic } from '../../model/diagnostic.js';
import { isYearInRange, YEAR_RANGE_TEXT } from '../../model/year.js';
import type { Amounts, Project, Publication, Source, Unit } from '../../model/types.js';
import { cleanCellText } from './cell-text.js';
import { AMOUNT_COLUMNS, COLUMN_LABELS, type Column } from '../../model/columns.js';
import { columnOfLabel } from './header-labels.js';
import { parseIndicators } from './indicator-cell.js';
import type { ReadResult } from '../read-result.js';
import type { RawCell, RawRow } from './raw-table.js';

type ColumnMap = Map<Column, number>;

/**
 * The year in a title: a whole run of four or more digits before 年, so that `0025年` or
 * `12025年` is an error, not 25 or 2025; `3年行动` is no year at all.
 */
const TITLE_YEAR = /(?<!\d)(\d{4,})\s*年/;

/** A footnote below the table: one cell starting `注：` or `说明：`. */
const NOTE = /^(注|说明)\s*[：:]/;
/** A preamble cell that starts a 单位名称 or 单位 line, even when it shares a row with another. */
const PREAMBLE_LABEL = /^\s*单位(名称)?\s*[：:]/;

/**
 * `fixedWidth`: in a text export every row carries all its tabs, so a short row is broken
 * or cut off; a workbook simply has no cells after the last filled one.
 */
export function tableToPublication(rows: RawRow[], file: string, fixedWidth: boolean): ReadResult {
  const diagnostics: Diagnostic[] = [];
  const headerAt = rows.findIndex((r) => headerColumns(r) !== null);
  if (headerAt < 0) {
    throw new InputError('HEADER_NOT_FOUND', '找不到表头行（项目名称、总计、财政拨款、财政专户拨款、其他资金、绩效目标、绩效指标）', { file });
  }
  const header = rows[headerAt]!;
  const columns = headerColumns(header)!;
  checkCharacters(rows, headerAt, columns, diagnostics);
  // Up to the header's last labelled cell, official column or not.
  const headerWidth = lastFilled(header.cells.map((c) => c.text.trim()));
  for (const [i, c] of header.cells.entries()) {
    if (c.text.trim() !== '' && columnOfLabel(c.text) === null) {
      diagnostics.push(warning('UNKNOWN_COLUMN', `表头“${c.text.trim()}”不是官方格式的列，该列内容不会输出（第${i + 1}列）`, c.source));
    }
  }

  const publication: Publication = {
    title: '',
    year: null,
    department: '',
    moneyUnit: '万元',
    moneyUnitSource: { file },
    includesTransfer: false,
    total: zeroAmounts(),
    totalSource: header.source,
    units: [],
    notes: [],
    source: { file },
  };
  readPreamble(rows.slice(0, headerAt), publication, diagnostics);

  let sawTotal = false;
  let unit: Unit | null = null;
  for (const row of rows.slice(headerAt + 1)) {
    const texts = row.cells.map((c) => c.text.trim());
    if (texts.every((t) => t === '')) continue;
    const filled = texts.filter((t) => t !== '');
    if (filled.length === 1 && NOTE.test(filled[0]!)) {
      publication.notes.push(cleanCellText(row.cells[texts.indexOf(filled[0]!)]!.text));
      continue;
    }
    if (!checkShape(row, texts, columns, headerWidth, fixedWidth, diagnostics)) continue;
    const cell = (c: Column): RawCell => row.cells[columns.get(c)!] ?? { text: '', source: row.source };
    const name = cleanCellText(cell('name').text);
    const goal = cleanCellText(cell('goal').text);
    const indicatorText = cleanCellText(cell('indicators').text);
    const amounts = readAmounts(cell, diagnostics);

    if (name.replace(/\s+/g, '') === '合计') {
      if (sawTotal) diagnostics.push(error('DUPLICATE_TOTAL_ROW', '“合计”行出现了不止一次', row.source));
      publication.total = amounts;
      publication.totalSource = row.source;
      sawTotal = true;
    } else if (goal === '' && indicatorText === '') {
      if (name === '') {
        diagnostics.push(error('UNIT_NAME_MISSING', '该行有金额但没有单位名称', row.source));
      }
      unit = { name, amounts, projects: [], source: row.source };
      publication.units.push(unit);
    } else {
      const project = readProject(name, amounts, goal, indicatorText, cell('indicators').source, row.source, diagnostics);
      if (unit === null) {
        diagnostics.push(error('MISSING_UNIT_ROW', `项目“${name}”之前没有资金使用单位行`, row.source));
        unit = { name: publication.department, amounts: zeroAmounts(), projects: [], source: row.source };
        publication.units.push(unit);
      }
      unit.projects.push(project);
    }
  }
  if (!sawTotal) diagnostics.push(error('MISSING_TOTAL_ROW', '表中没有“合计”行', header.source));
  return { publication, diagnostics: limitRepeats(diagnostics, 'INVALID_CHARACTER', 20) };
}

/** INVALID_CHARACTER at every cell whose text (entities decoded) holds a character no output can hold. */
function checkCharacters(rows: RawRow[], headerAt: number, columns: ColumnMap, ds: Diagnostic[]): void {
  const labels = new Map([...columns].map(([c, i]) => [i, COLUMN_LABELS[c]]));
  rows.forEach((row, r) =>
    row.cells.forEach((cell, i) => {
      const found = cell.text === '' ? null : findInvalidCharacter(cleanCellText(cell.text));
      if (found === null) return;
      const field = r < headerAt ? '表头上方的文字' : r === headerAt ? '表头' : (labels.get(i) ?? `第${i + 1}列`);
      ds.push(error('INVALID_CHARACTER', invalidCharacterMessage(field, found), cell.source));
    }),
  );
}

/** Where each official column is in a header row; null when the row is not the header. */
export function headerColumns(row: RawRow): ColumnMap | null {
  const map: ColumnMap = new Map();
  row.cells.forEach((c, i) => {
    const col = columnOfLabel(c.text);
    if (col !== null && !map.has(col)) map.set(col, i);
  });
  return map.size === Object.keys(COLUMN_LABELS).length ? map : null;
}

/**
 * Title, 单位名称 and 单位 lines; anything else above the table is kept as a note. Sheets
 * often put `单位名称：…` left and `单位：万元` right on one row: each label cell starts a line,
 * and a line is located at the cell that starts it.
 */
function readPreamble(rows: RawRow[], p: Publication, ds: Diagnostic[]): void {
  const lines: { text: string; source: Source }[] = [];
  for (const row of rows) {
    let line: { texts: string[]; source: Source } | null = null;
    for (const cell of row.cells) {
      const text = cleanCellText(cell.text);
      if (text === '') continue;
      if (line !== null && PREAMBLE_LABEL.test(text)) {
        lines.push({ text: line.texts.join(' '), source: line.source });
        line = null;
      }
      line ??= { texts: [], source: cell.source };
      line.texts.push(text);
    }
    if (line !== null) lines.push({ text: line.texts.join(' '), source: line.source });
  }
  let yearAt: RegExpExecArray | null = null;
  for (const { text, source } of lines) {
    const dept = /^单位名称\s*[：:]\s*(.*)$/.exec(text);
    const unit = /^单位\s*[：:]\s*(.*)$/.exec(text);
    if (dept) p.department = dept[1]!.trim();
    else if (unit) {
      p.moneyUnit = unit[1]!.trim();
      p.moneyUnitSource = source;
    } else if (p.title === '' && /绩效目标表/.test(text)) {
      p.title = text;
      p.includesTransfer = /含转移支付/.test(text);
      yearAt = TITLE_YEAR.exec(text);
      if (yearAt && isYearInRange(Number(yearAt[1]))) p.year = Number(yearAt[1]);
      else if (yearAt) ds.push(error('YEAR_OUT_OF_RANGE', `标题中的年度“${excerpt(yearAt[1]!)}”${YEAR_RANGE_TEXT}`, source));
    } else p.notes.push(text);
  }
  if (p.department === '' && yearAt) p.department = p.title.slice(0, yearAt.index).trim();
}

/**
 * A row must fill the official columns: fewer cells means a broken or cut-off row. It may
 * also fill the header's other columns (UNKNOWN_COLUMN, left out of the output), no more.
 */
function checkShape(
  row: RawRow,
  texts: string[],
  columns: ColumnMap,
  headerWidth: number,
  fixedWidth: boolean,
  ds: Diagnostic[],
): boolean {
  let width = 0;
  for (const i of columns.values()) width = Math.max(width, i + 1);
  const filled = lastFilled(texts);
  if (row.cells.length >= width || !fixedWidth) {
    if (filled > headerWidth) {
      ds.push(error('UNREADABLE_ROW', `该行有${filled}列内容，表头只有${headerWidth}列`, row.source));
      return false;
    }
    return true;
  }
  ds.push(error('UNREADABLE_ROW', `该行只有${row.cells.length}列，应有${width}列（行不完整或文件被截断）`, row.source));
  return false;
}

/** 1-based index of the last non-empty text, 0 when all are empty. */
function lastFilled(texts: string[]): number {
  return texts.reduce((last, t, i) => (t !== '' ? i + 1 : last), 0);
}

function readAmounts(cell: (c: Column) => RawCell, ds: Diagnostic[]): Amounts {
  const out = zeroAmounts();
  for (const col of AMOUNT_COLUMNS) {
    const c = cell(col);
    const read = c.number !== undefined ? readAmountNumber(c.number) : readAmount(cleanCellText(c.text));
    if (read.ok) out[col] = read.amount;
    else ds.push(error('INVALID_AMOUNT', `${COLUMN_LABELS[col]}“${excerpt(c.text)}”${AMOUNT_PROBLEMS[read.why]}`, c.source));
  }
  return out;
}

function readProject(
  name: string,
  amounts: Amounts,
  goal: string,
  indicatorText: string,
  indicatorSource: Source,
  source: Source,
  ds: Diagnostic[],
): Project {
  if (name === '') ds.push(error('PROJECT_NAME_MISSING', '项目名称为空', source));
  const parsed = parseIndicators(indicatorText, indicatorSource);
  if (!parsed.ok) {
    const which = parsed.number === null ? '绩效指标' : `第${parsed.number}条绩效指标`;
    ds.push(
      error('INDICATOR_UNPARSEABLE', `${which}无法拆分为一级指标、二级指标、三级指标、实施周期指标值、年度指标值：“${parsed.text}”`, indicatorSource),
    );
  }
  return { name, amounts, goal, indicators: parsed.ok ? parsed.indicators : [], source };
}
