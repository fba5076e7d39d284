/**
 * Reader for .xlsx workbooks holding the official table: as budget systems export it, as
 * finance staff edit it, and as pubtable publishes it. Each sheet row becomes a RawRow of
 * cell texts (numbers kept as numbers) that ./table/read-table.ts classifies like any other table.
 */
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import { InputError } from '../model/diagnostic.js';
import type { Source } from '../model/types.js';
import { COLUMNS } from '../model/columns.js';
import { columnOfLabel } from './table/header-labels.js';
import type { RawCell, RawRow } from './table/raw-table.js';
import { tableToPublication } from './table/read-table.js';
import { type ReadResult } from './read-result.js';
import { checkZipLimits } from './zip-limits.js';

/** exceljs's Workbook alone: its index also loads its streaming reader and writer (≈ 0.1 s of every start), unused here. */
const Workbook = createRequire(import.meta.url)('exceljs/lib/doc/workbook.js') as typeof ExcelJS.Workbook;

export async function readWorkbook(bytes: Uint8Array, file: string): Promise<ReadResult> {
  checkZipLimits(bytes, file);
  const workbook = new Workbook();
  try {
    // exceljs declares its own `Buffer` (an ArrayBuffer); a copy gives exactly that.
    await workbook.xlsx.load(bytes.slice().buffer);
  } catch {
    throw new InputError(
      'NOT_A_WORKBOOK',
      '无法读取 Excel 工作簿：文件已损坏，或不是 .xlsx 格式（旧版 .xls 请在 Excel 中另存为 .xlsx）',
      { file },
    );
  }
  const sheets = workbook.worksheets.map((ws) => sheetRows(ws, file));
  // The table is found by its header labels, on whichever sheet holds it.
  const sheet = sheets.find((s) => s.headerAt >= 0) ?? sheets[0];
  return tableToPublication(sheet?.rows ?? [], file, false);
}

interface SheetRows {
  rows: RawRow[];
  /** Index in rows of the header row, or -1. */
  headerAt: number;
}

function sheetRows(ws: ExcelJS.Worksheet, file: string): SheetRows {
  const grid: { number: number; cells: RawCell[] }[] = [];
  ws.eachRow((row, number) => {
    const cells: RawCell[] = [];
    // Every row starts at column A, so a cell's index is its column in every row.
    for (let col = 1; col <= row.cellCount; col++) {
      const c = row.getCell(col);
      cells.push({ ...cellContent(c), source: { file, sheet: ws.name, cell: c.address } });
    }
    grid.push({ number, cells });
  });

  const headerAt = grid.findIndex((r) => isHeader(r.cells));
  // A row is located at its cell in the table's first column (where the name is).
  const firstColumn = headerAt < 0 ? 0 : grid[headerAt]!.cells.findIndex((c) => columnOfLabel(c.text) !== null);
  const rowSource = (n: number): Source => ({ file, sheet: ws.name, cell: `${columnLetters(firstColumn + 1)}${n}` });

  const rows: RawRow[] = grid.map((r) => ({ cells: r.cells, source: rowSource(r.number) }));
  return { rows, headerAt };
}

function isHeader(cells: RawCell[]): boolean {
  const found = new Set(cells.map((c) => columnOfLabel(c.text)).filter((c) => c !== null));
  return found.size === COLUMNS.length;
}

/** Text as shown in the cell, plus the number when the cell stores one. */
function cellContent(cell: ExcelJS.Cell): { text: string; number?: number } {
  // Excel keeps a merged range's value in its top-left cell only; exceljs repeats it.
  if (cell.isMerged && cell.master.address !== cell.address) return { text: '' };
  return valueContent(cell.value, cell);
}

function valueContent(v: ExcelJS.CellValue, cell: ExcelJS.Cell): { text: string; number?: number } {
  if (v === null || v === undefined) return { text: '' };
  if (typeof v === 'number') return { text: String(v), number: v };
  if (typeof v === 'string') return { text: v.replace(/\r\n?/g, '\n') };
  if (typeof v === 'boolean') return { text: v ? 'TRUE' : 'FALSE' };
  if (v instanceof Date) return { text: dateText(v) };
  if ('richText' in v) return { text: v.richText.map((r) => r.text).join('').replace(/\r\n?/g, '\n') };
  // A hyperlink's text may itself be rich text, whatever the typings say.
  if ('hyperlink' in v) return { text: valueContent(v.text as ExcelJS.CellValue, cell).text };
  if ('formula' in v || 'sharedFormula' in v) {
    // The result Excel cached when it last calculated; without one, show the formula.
    return v.result !== undefined ? valueContent(v.result, cell) : { text: `=${cell.formula ?? ''}` };
  }
  if ('error' in v) return { text: v.error };
  return { text: String(v as unknown) };
}

/** exceljs gives dates as UTC instants of the serial value: print them as Excel shows dates. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const iso = d.toISOString();
  const time = iso.slice(11, 19);
  if (time === '00:00:00') return iso.slice(0, 10);
  return `${iso.slice(0, 10)} ${time.endsWith(':00') ? time.slice(0, 5) : time}`;
}

/** 1 → A, 27 → AA. */
function columnLetters(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}
