/**
 * Layout tables → Word tables. The layout follows HTML (rows omit the slots a span covers);
 * Word wants every row to account for every grid column: a cell spanning rows is a
 * `vMerge="restart"` cell followed by a `vMerge` (continue) cell in each row below, with
 * the same `gridSpan`. Those continuation cells are made here, from the grid placement
 * all renderers share (./table-grid.ts), rather than by docx's rowSpan option, so that
 * malformed tables are clamped (with warnings) as in the PDF and Excel.
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
import type { Style, Table, VAlign } from '../layout/types.js';
import type { WordText } from './docx-text.js';
import { placeCells, type PlacedCell } from './table-grid.js';

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

/** The Word table, or undefined for a table without rows (Word cannot show one). */
export function wordTable(table: Table, text: WordText, textWidth: number): WordTable | undefined {
  if (table.rows.length === 0) return undefined;
  const columnWidths = gridWidths(table.columns, textWidth);
  const grid = placeCells(table);
  for (const w of grid.warnings) text.warn(w);

  // A table ruled throughout (the usual case) states its rules once, on the table: what
  // Word users expect when they add a row, and per-cell rules would make docx take a
  // third longer on a long table. Otherwise each ruled cell states its own.
  const ruled = table.rows.every((row) => row.cells.every((c) => c.style.border));

  const rows = grid.slots.map((slots, r) => {
    const cells: TableCell[] = [];
    slots.forEach((placed, c) => {
      // A slot no cell reached is left blank; the other columns of a wide cell, Word's gridSpan covers.
      if (placed === undefined) cells.push(new TableCell({ children: [new Paragraph({})] }));
      else if (placed.col !== c) return;
      else if (placed.row !== r) cells.push(wordCell(placed, text, ruled, VerticalMergeType.CONTINUE));
      else cells.push(wordCell(placed, text, ruled, placed.rowspan > 1 ? VerticalMergeType.RESTART : undefined));
    });
    const header = r < grid.headerRows;
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
  { cell, colspan }: PlacedCell,
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
