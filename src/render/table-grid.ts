/**
 * Where each cell of a layout table goes: the one grid placement every renderer uses.
 *
 * Layout tables follow HTML (../layout/types.ts): a cell with rowspan/colspan covers the
 * slots to its right and below, and later rows omit the cells that are covered. PDF, Word
 * and Excel all want the full grid of rows × columns instead. A table that breaks the
 * model (the markup parser rejects these, but a layout can be built by hand) is placed
 * the way a browser would, with a `TABLE_SHAPE` warning for each fault:
 * - a cell past the last column, and every cell after it in that row, is dropped;
 * - a colspan stops at the table's edge or at the first slot a rowspan from above
 *   already holds, a rowspan at the table's last row; a span that is not a whole number
 *   of at least 1 counts as 1;
 * - slots no cell reaches (a short row) stay empty: renderers leave them blank;
 * - more header rows than rows: as many as there are.
 *
 * API
 *
 *   placeCells(table: Table): TableGrid
 *
 *   TableGrid.cells       PlacedCell[] — every cell that got a place, row by row, left to right.
 *   TableGrid.slots       (PlacedCell | undefined)[][] — `slots[r][c]`: the cell whose area
 *                         holds row r, column c; undefined where no cell reached. A cell
 *                         starts at a slot when `p.row === r && p.col === c` (`startsAt`);
 *                         in any other slot it holds, it is a covered slot.
 *   TableGrid.headerRows  table.headerRows, at most the number of rows.
 *   TableGrid.warnings    RenderWarning[] (all TABLE_SHAPE): the header-row fault first,
 *                         then row by row as met. Pass them on through the renderer's
 *                         own warning channel.
 *   PlacedCell            { cell, row, col, rowspan, colspan }: 0-based row and column of
 *                         the top-left slot; spans after clamping (always ≥ 1, never past
 *                         the table).
 *
 * Typical uses: a renderer wanting a cell per slot (pdfmake) maps `slots` with `startsAt`
 * (cell / covered / blank); Word, which writes a continuation cell in the first column of
 * each row a rowspan reaches, tests `p.col === c` then `p.row === r`; Excel, which merges
 * areas, walks `cells`.
 */
import type { Cell, Table } from '../layout/types.js';
import type { RenderWarning } from './renderer.js';

export interface PlacedCell {
  cell: Cell;
  /** The top-left slot, 0-based. */
  row: number;
  col: number;
  /** Spans as placed: at least 1, and never past the table. */
  rowspan: number;
  colspan: number;
}

export interface TableGrid {
  cells: PlacedCell[];
  slots: (PlacedCell | undefined)[][];
  headerRows: number;
  warnings: RenderWarning[];
}

/** Whether `placed` starts at row r, column c (rather than covering that slot). */
export function startsAt(placed: PlacedCell, r: number, c: number): boolean {
  return placed.row === r && placed.col === c;
}

export function placeCells(table: Table): TableGrid {
  const width = table.columns.length;
  const height = table.rows.length;
  const warnings: RenderWarning[] = [];
  const shape = (message: string, ref?: string) =>
    warnings.push(ref === undefined ? { code: 'TABLE_SHAPE', message } : { code: 'TABLE_SHAPE', message, ref });

  let headerRows = table.headerRows;
  if (headerRows > height) {
    shape(`表头行数 ${headerRows} 超过表格行数 ${height}`);
    headerRows = height;
  }

  const cells: PlacedCell[] = [];
  const slots = table.rows.map(() => new Array<PlacedCell | undefined>(width).fill(undefined));
  table.rows.forEach((row, r) => {
    const here = slots[r]!;
    let c = 0;
    for (const cell of row.cells) {
      while (c < width && here[c] !== undefined) c++;
      if (c >= width) {
        shape(`表格第 ${r + 1} 行的单元格多于 ${width} 列，多出的已略去`, cell.ref);
        break;
      }
      const wantCols = span(cell.colspan);
      const wantRows = span(cell.rowspan);
      let colspan = 1;
      while (colspan < wantCols && c + colspan < width && here[c + colspan] === undefined) colspan++;
      const rowspan = Math.min(wantRows, height - r);
      if (colspan !== cell.colspan || rowspan !== cell.rowspan) {
        shape(`表格第 ${r + 1} 行的单元格跨行或跨列超出表格，已截短`, cell.ref);
      }
      const placed: PlacedCell = { cell, row: r, col: c, rowspan, colspan };
      for (let dr = 0; dr < rowspan; dr++) slots[r + dr]!.fill(placed, c, c + colspan);
      cells.push(placed);
      c += colspan;
    }
    // Rows below cannot reach back into this one: its gaps are final.
    if (here.includes(undefined)) shape(`表格第 ${r + 1} 行的单元格少于 ${width} 列，空位留白`);
  });
  return { cells, slots, headerRows, warnings };
}

/** A span as asked, if it is one: a whole number, at least 1. */
function span(n: number): number {
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/**
 * A table's relative column widths must be positive numbers (the markup parser makes sure;
 * a layout built by hand may not): their sum, or an error naming them.
 */
export function checkColumnWidths(columns: readonly number[]): number {
  if (columns.length === 0 || !columns.every((w) => Number.isFinite(w) && w > 0)) {
    throw new Error(`表格列宽无效：${JSON.stringify(columns)}`);
  }
  return columns.reduce((a, b) => a + b, 0);
}
