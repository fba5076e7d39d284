/**
 * Layout tables → Word tables. The layout follows HTML (rows omit the slots a span covers);
 * Word wants every row to account for every grid column: a cell spanning rows is a
 * `vMerge="restart"` cell followed by a `vMerge` (continue) cell in each row below, with
 * the same `gridSpan`. Those continuation cells are made here, from the placed grid,
 * rather than by docx's rowSpan option, so that malformed spans are clamped (with a
 * warning) the same way as in the PDF and Excel renderers.
 *
 * Rows may split across pages (no `cantSplit` on body rows): a cell taller than a page
 * must continue on the next one, not be cut off.
 */
import {
  BorderStyle,
  Paragraph,
  ShadingType,
  Table as WordTable,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  VerticalAlignTable,
  VerticalMergeType,
  WidthType,
  type ITableCellOptions,
} from 'docx';
import type { Cell, Style, Table, VAlign } from '../layout/types.js';
import type { WordText } from './docx-text.js';

/** Twips: cell padding as in the PDF (3 pt across, 2 pt down). */
const PAD_X = 60;
const PAD_Y = 40;

/** A thin black rule: 4 eighths of a point, as in the PDF. */
const RULE = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const CELL_RULES = { top: RULE, left: RULE, bottom: RULE, right: RULE };
const TABLE_RULES = { ...CELL_RULES, insideHorizontal: RULE, insideVertical: RULE };

const VALIGN = {
  top: VerticalAlignTable.TOP,
  middle: VerticalAlignTable.CENTER,
  bottom: VerticalAlignTable.BOTTOM,
} as const satisfies Record<VAlign, string>;

interface Placed {
  cell: Cell;
  colspan: number;
  rowspan: number;
}

/**
 * A grid slot: a cell starts here; the first column of a cell from a row above; another
 * column of a cell (nothing to write); or nothing reached it.
 */
type Slot = Placed | { below: Placed } | 'covered' | undefined;

/** The Word table, or undefined for a table without rows (Word cannot show one). */
export function wordTable(table: Table, text: WordText, textWidth: number): WordTable | undefined {
  if (table.rows.length === 0) return undefined;
  const columnWidths = gridWidths(table.columns, textWidth);
  let headerRows = table.headerRows;
  if (headerRows > table.rows.length) {
    text.warn({ code: 'TABLE_SHAPE', message: `表头行数 ${headerRows} 超过表格行数 ${table.rows.length}` });
    headerRows = table.rows.length;
  }

  // A table ruled throughout (the usual case) states its rules once, on the table: what
  // Word users expect when they add a row, and per-cell rules would make docx take a
  // third longer on a long table. Otherwise each ruled cell states its own.
  const ruled = table.rows.every((row) => row.cells.every((c) => c.style.border));

  const rows = placeCells(table, text).map((slots, r) => {
    const cells: TableCell[] = [];
    slots.forEach((slot) => {
      if (slot === 'covered') return;
      if (slot === undefined) {
        text.warn({ code: 'TABLE_SHAPE', message: `表格第 ${r + 1} 行的单元格少于 ${columnWidths.length} 列，空位留白` });
        cells.push(new TableCell({ children: [new Paragraph({})] }));
      } else if ('below' in slot) {
        cells.push(wordCell(slot.below, text, ruled, VerticalMergeType.CONTINUE));
      } else {
        cells.push(wordCell(slot, text, ruled, slot.rowspan > 1 ? VerticalMergeType.RESTART : undefined));
      }
    });
    const header = r < headerRows;
    // A header row repeats on every page; it is short, so it may also stay in one piece.
    return new TableRow({ children: cells, tableHeader: header || undefined, cantSplit: header || undefined });
  });

  return new WordTable({
    rows,
    columnWidths,
    width: { size: textWidth, type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    borders: ruled ? TABLE_RULES : TableBorders.NONE,
    margins: { top: PAD_Y, bottom: PAD_Y, left: PAD_X, right: PAD_X },
  });
}

/** A cell, or (`continue`) its empty continuation in a row it spans. */
function wordCell(
  { cell, colspan }: Placed,
  text: WordText,
  tableRuled: boolean,
  merge: 'restart' | 'continue' | undefined,
): TableCell {
  const { style } = cell;
  const options: ITableCellOptions = {
    children: [text.cellParagraph(merge === VerticalMergeType.CONTINUE ? [] : cell.runs, style)],
    columnSpan: colspan > 1 ? colspan : undefined,
    verticalMerge: merge,
    // Top is Word's default.
    verticalAlign: style.valign === 'top' ? undefined : VALIGN[style.valign],
    borders: style.border && !tableRuled ? CELL_RULES : undefined,
    shading: shading(style),
  };
  return new TableCell(options);
}

function shading(style: Style): ITableCellOptions['shading'] {
  // The layout promises #RRGGBB; anything else is left unfilled rather than written invalid.
  if (style.fill === null || !/^#[0-9A-Fa-f]{6}$/.test(style.fill)) return undefined;
  return { type: ShadingType.CLEAR, color: 'auto', fill: style.fill.slice(1).toUpperCase() };
}

/**
 * Relative widths → whole twips that add up to exactly the text width (each edge is
 * rounded, not each width, so rounding errors do not accumulate).
 */
function gridWidths(columns: number[], textWidth: number): number[] {
  if (columns.length === 0 || !columns.every((w) => Number.isFinite(w) && w > 0)) {
    throw new Error(`表格列宽无效：${JSON.stringify(columns)}`);
  }
  const total = columns.reduce((a, b) => a + b, 0);
  let sum = 0;
  let edge = 0;
  return columns.map((w) => {
    sum += w;
    const next = Math.round((sum / total) * textWidth);
    const width = next - edge;
    edge = next;
    return width;
  });
}

/** Places the cells on the grid as HTML does, clamping spans that run off the table. */
function placeCells(table: Table, text: WordText): Slot[][] {
  const width = table.columns.length;
  const grid: Slot[][] = table.rows.map(() => new Array<Slot>(width).fill(undefined));
  table.rows.forEach((row, r) => {
    const slots = grid[r]!;
    let c = 0;
    for (const cell of row.cells) {
      while (c < width && slots[c] !== undefined) c++;
      if (c >= width) {
        text.warn({ code: 'TABLE_SHAPE', message: `表格第 ${r + 1} 行的单元格多于 ${width} 列，多出的已略去`, ref: cell.ref });
        break;
      }
      // A colspan stops at the first slot already taken (by a rowspan from above).
      let colspan = 1;
      while (colspan < cell.colspan && c + colspan < width && slots[c + colspan] === undefined) colspan++;
      const rowspan = Math.max(1, Math.min(cell.rowspan, table.rows.length - r));
      if (colspan !== Math.max(1, cell.colspan) || rowspan !== Math.max(1, cell.rowspan)) {
        text.warn({ code: 'TABLE_SHAPE', message: `表格第 ${r + 1} 行的单元格跨行或跨列超出表格，已截短`, ref: cell.ref });
      }
      const placed: Placed = { cell, colspan, rowspan };
      for (let dr = 0; dr < rowspan; dr++) {
        const below = grid[r + dr]!;
        for (let dc = 0; dc < colspan; dc++) below[c + dc] = dc === 0 && dr > 0 ? { below: placed } : 'covered';
      }
      slots[c] = placed;
      c += colspan;
    }
  });
  return grid;
}
