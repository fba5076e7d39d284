/**
 * Layout tables → pdfmake tables. The layout follows HTML (rows omit the slots that a
 * rowspan/colspan covers); pdfmake wants a full grid with an empty object `{}` in every
 * covered slot.
 *
 * Two pdfmake 0.3.11 features are avoided on purpose:
 * - `dontBreakRows` silently drops a row taller than a page, and a project's indicator cell
 *   can be that tall; rows stay breakable (a row may continue on the next page, as in Word).
 * - `verticalAlignment` breaks when a body cell starts at the foot of a page and its text
 *   moves to the next: the graphics state is saved on one page and restored on another, so
 *   later rows are drawn off the page (seen as missing rows). It is used only in header rows,
 *   which pdfmake lays out as one unbreakable block; body cells are top-aligned.
 */
import type { Cell, Table } from '../layout/types.js';
import type { PdfBuilder, TextNode } from './pdf.js';

/** Points: rule width and cell padding (thin rules, as on printed government forms). */
const LINE = 0.5;
const PAD_X = 3;
const PAD_Y = 2;

const LAYOUT = {
  hLineWidth: () => LINE,
  vLineWidth: () => LINE,
  paddingLeft: () => PAD_X,
  paddingRight: () => PAD_X,
  paddingTop: () => PAD_Y,
  paddingBottom: () => PAD_Y,
  // Every cell states its borders; anything unstated (a padding cell) has none.
  defaultBorder: false,
};

type Borders = [left: boolean, top: boolean, right: boolean, bottom: boolean];

interface CellNode extends TextNode {
  colSpan?: number;
  rowSpan?: number;
  fillColor?: string;
  border: Borders;
  verticalAlignment?: 'middle' | 'bottom';
}

/** pdfmake recognises a covered slot only if it is exactly an empty object. */
type Covered = Record<string, never>;

/** Fills a slot no cell reached (a short row); drawn in the default font, without borders. */
interface Blank {
  text: '';
  border: Borders;
}

export interface TableNode {
  table: { widths: number[]; headerRows: number; body: (CellNode | Covered | Blank)[][] };
  layout: typeof LAYOUT;
  pageBreak?: 'before';
}

interface Placed {
  cell: Cell;
  colspan: number;
  rowspan: number;
}

/** A grid slot: a cell starts here, is covered by a span, or nothing reached it. */
type Slot = Placed | 'covered' | undefined;

export function tableNode(builder: PdfBuilder, table: Table, textWidth: number): TableNode {
  const widths = columnWidths(table.columns, textWidth);
  const grid = placeCells(table, builder);
  const body = grid.map((row, r) =>
    row.map((slot): CellNode | Covered | Blank => {
      if (slot === 'covered') return {};
      if (slot === undefined) {
        builder.warn({
          code: 'TABLE_SHAPE',
          message: `表格第 ${r + 1} 行的单元格少于 ${widths.length} 列，空位留白`,
        });
        return { text: '', border: [false, false, false, false] };
      }
      return cellNode(builder, slot, r + slot.rowspan <= table.headerRows);
    }),
  );
  let headerRows = table.headerRows;
  if (headerRows > body.length) {
    builder.warn({ code: 'TABLE_SHAPE', message: `表头行数 ${headerRows} 超过表格行数 ${body.length}` });
    headerRows = body.length;
  }
  return { table: { widths, headerRows, body }, layout: LAYOUT };
}

/**
 * pdfmake takes each column's content width; the rules and padding come on top. Scale the
 * relative widths so that whole columns (content + padding + rule) fill the text width.
 */
function columnWidths(columns: number[], textWidth: number): number[] {
  const total = columns.reduce((a, b) => a + b, 0);
  if (columns.length === 0 || !columns.every((w) => Number.isFinite(w) && w > 0)) {
    throw new Error(`表格列宽无效：${JSON.stringify(columns)}`);
  }
  return columns.map((w) => Math.max(1, (w / total) * (textWidth - LINE) - (LINE + 2 * PAD_X)));
}

/** Places the cells on the grid as HTML does, clamping spans that run off the table. */
function placeCells(table: Table, builder: PdfBuilder): Slot[][] {
  const width = table.columns.length;
  const grid: Slot[][] = table.rows.map(() => new Array<Slot>(width).fill(undefined));
  table.rows.forEach((row, r) => {
    const slots = grid[r] as Slot[];
    let c = 0;
    for (const cell of row.cells) {
      while (c < width && slots[c] !== undefined) c++;
      if (c >= width) {
        builder.warn({
          code: 'TABLE_SHAPE',
          message: `表格第 ${r + 1} 行的单元格多于 ${width} 列，多出的已略去`,
          ref: cell.ref,
        });
        break;
      }
      // A colspan stops at the first slot already taken (by a rowspan from above).
      let colspan = 1;
      while (colspan < cell.colspan && c + colspan < width && slots[c + colspan] === undefined) colspan++;
      const rowspan = Math.max(1, Math.min(cell.rowspan, table.rows.length - r));
      if (colspan !== Math.max(1, cell.colspan) || rowspan !== Math.max(1, cell.rowspan)) {
        builder.warn({
          code: 'TABLE_SHAPE',
          message: `表格第 ${r + 1} 行的单元格跨行或跨列超出表格，已截短`,
          ref: cell.ref,
        });
      }
      for (let dr = 0; dr < rowspan; dr++) {
        for (let dc = 0; dc < colspan; dc++) (grid[r + dr] as Slot[])[c + dc] = 'covered';
      }
      slots[c] = { cell, colspan, rowspan };
      c += colspan;
    }
  });
  return grid;
}

/** `header`: the cell lies within the header rows, the only place vertical alignment is safe. */
function cellNode(builder: PdfBuilder, { cell, colspan, rowspan }: Placed, header: boolean): CellNode {
  const { style } = cell;
  builder.checkGlyphs(cell.runs, style, cell.ref);
  const node: CellNode = {
    ...builder.text(cell.runs, style, null, cell.ref),
    border: [style.border, style.border, style.border, style.border],
  };
  if (colspan > 1) node.colSpan = colspan;
  if (rowspan > 1) node.rowSpan = rowspan;
  if (style.fill) node.fillColor = style.fill;
  if (header && style.valign !== 'top') node.verticalAlignment = style.valign;
  return node;
}
