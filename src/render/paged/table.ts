/**
 * Layout tables → pdfmake tables. The layout follows HTML (rows omit the slots that a
 * rowspan/colspan covers); pdfmake wants a full grid with an empty object `{}` in every
 * covered slot. The placement is ../table-grid.ts's, shared with the Word and Excel renderers.
 *
 * Two pdfmake 0.3.11 features are avoided on purpose:
 * - `dontBreakRows` silently drops a row taller than a page, and a project's indicator cell
 *   can be that tall; rows stay breakable (a row may continue on the next page, as in Word).
 * - `verticalAlignment` breaks when a body cell starts at the foot of a page and its text
 *   moves to the next: the graphics state is saved on one page and restored on another, so
 *   later rows are drawn off the page (seen as missing rows). It is used only in header rows,
 *   which pdfmake lays out as one unbreakable block; body cells are top-aligned.
 */
import type { Table } from '../../layout/types.js';
import { checkColumnWidths, placeCells, startsAt, type PlacedCell } from '../table-grid.js';
import type { CellText, TextNode } from './nodes.js';
import type { StructElement } from './structure.js';

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

export function tableNode(builder: CellText, table: Table, textWidth: number): TableNode {
  const widths = columnWidths(table.columns, textWidth);
  const grid = placeCells(table);
  for (const w of grid.warnings) builder.warn(w);
  const rows = tableRows(builder, table, grid.headerRows);
  const body = grid.slots.map((row, r) =>
    row.map((placed, c): CellNode | Covered | Blank => {
      // A slot no cell reached: blank, without borders.
      if (placed === undefined) return { text: '', border: [false, false, false, false] };
      if (!startsAt(placed, r, c)) return {};
      const header = placed.row + placed.rowspan <= grid.headerRows;
      const node = cellNode(builder, placed, header, innerWidth(widths, c, placed.colspan));
      builder.mark(node, cellElement(builder, rows[r]!, header, placed));
      return node;
    }),
  );
  return { table: { widths, headerRows: grid.headerRows, body }, layout: LAYOUT };
}

/** The table's element and a TR for each row, under THead for the header rows and TBody for the rest. */
function tableRows(builder: CellText, table: Table, headerRows: number): StructElement[] {
  const { structure } = builder;
  const element = structure.add(structure.root, 'Table', table.caption ? { title: table.caption } : {});
  const head = headerRows > 0 ? structure.add(element, 'THead') : null;
  const body = headerRows < table.rows.length ? structure.add(element, 'TBody') : null;
  return table.rows.map((_, r) => structure.add(r < headerRows ? head! : body!, 'TR'));
}

/**
 * TH in the header rows (a column's header, drawn again on later pages) and for a cell that
 * heads its row or column; TD elsewhere. Spans as attributes.
 */
function cellElement(builder: CellText, row: StructElement, header: boolean, { cell, rowspan, colspan }: PlacedCell): StructElement {
  const scope = header || cell.scope === 'col' ? 'Column' : cell.scope === 'row' ? 'Row' : null;
  const attributes: StructElement['attributes'] = scope ? { Scope: scope } : {};
  if (rowspan > 1) attributes.RowSpan = rowspan;
  if (colspan > 1) attributes.ColSpan = colspan;
  const extra: Partial<StructElement> = header ? { repeats: true } : {};
  if (Object.keys(attributes).length > 0) extra.attributes = attributes;
  return builder.structure.add(row, scope ? 'TH' : 'TD', extra);
}

/**
 * pdfmake takes each column's content width; the rules and padding come on top. Scale the
 * relative widths so that whole columns (content + padding + rule) fill the text width.
 */
function columnWidths(columns: number[], textWidth: number): number[] {
  const total = checkColumnWidths(columns);
  return columns.map((w) => Math.max(1, (w / total) * (textWidth - LINE) - (LINE + 2 * PAD_X)));
}

/**
 * Points available to the text of a cell starting in column `c`: pdfmake's width for a
 * spanning cell is its columns' widths plus the padding and rule between them, summed in
 * pdfmake's order.
 */
function innerWidth(widths: number[], c: number, colspan: number): number {
  let width = widths[c] as number;
  for (let i = c + 1; i < c + colspan; i++) width += (widths[i] as number) + (PAD_X + LINE + PAD_X);
  return width;
}

/** `header`: the cell lies within the header rows, the only place vertical alignment is safe. */
function cellNode(builder: CellText, { cell, colspan, rowspan }: PlacedCell, header: boolean, width: number): CellNode {
  const { style } = cell;
  builder.checkGlyphs(cell.runs, style, cell.ref);
  // The text node itself, not a spread copy: V8 gives each spread copy a map of its own.
  const node: CellNode = Object.assign(builder.text(cell.runs, style, null, width, cell.ref), {
    border: [style.border, style.border, style.border, style.border] as CellNode['border'],
  });
  if (colspan > 1) node.colSpan = colspan;
  if (rowspan > 1) node.rowSpan = rowspan;
  if (style.fill) node.fillColor = style.fill;
  if (header && style.valign !== 'top') node.verticalAlignment = style.valign;
  // Header rows repeat on every page, and pdfmake would add their entries again each time.
  if (cell.outline && !header) builder.bookmark(node, cell.outline);
  return node;
}
