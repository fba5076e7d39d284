/**
 * Layout tables → Word tables. The layout follows HTML (rows omit the slots a span covers);
 * Word wants every row to account for every grid column: a cell spanning rows is a
 * `vMerge="restart"` cell followed by a `vMerge` (continue) cell in each row below, with
 * the same `gridSpan`. Those continuation cells are made here, from the grid placement
 * all renderers share (../table-grid.ts), so that malformed tables are clamped (with
 * warnings) as in the PDF and Excel.
 *
 * Tables are written as WordprocessingML text here rather than built from docx objects:
 * the XML docx would write for them, element for element, but without docx's object per
 * element and its whole-document tree of them, which made a 10,000-project table take
 * seconds and over 400 MB. ./index.ts puts each table where docx left its placeholder.
 * Everything else in the document (styles, sections, header, footer, paragraphs, the
 * package) is still docx's.
 *
 * Rows may split across pages (no `cantSplit` on body rows): a cell taller than a page
 * must continue on the next one, not be cut off.
 */
import type { Style, Table, VAlign } from '../../layout/types.js';
import { escapeXml } from '../xml-escape.js';
import type { WordText } from './text.js';
import { textPieces } from '../text-pieces.js';
import { checkColumnWidths, placeCells, type PlacedCell } from '../table-grid.js';

/** Twips: cell padding as in the PDF (3 pt across, 2 pt down). */
const PAD_X = 60;
const PAD_Y = 40;

/** A thin black rule: 4 eighths of a point, as in the PDF. */
const rule = (side: string) => `<w:${side} w:val="single" w:color="000000" w:sz="4"/>`;
const noRule = (side: string) => `<w:${side} w:val="none" w:color="auto" w:sz="0"/>`;
const SIDES = ['top', 'left', 'bottom', 'right'];
const TABLE_SIDES = [...SIDES, 'insideH', 'insideV'];
const CELL_RULES = `<w:tcBorders>${SIDES.map(rule).join('')}</w:tcBorders>`;
const TABLE_RULES = `<w:tblBorders>${TABLE_SIDES.map(rule).join('')}</w:tblBorders>`;
const TABLE_NO_RULES = `<w:tblBorders>${TABLE_SIDES.map(noRule).join('')}</w:tblBorders>`;
const MARGINS =
  `<w:tblCellMar><w:top w:type="dxa" w:w="${PAD_Y}"/><w:left w:type="dxa" w:w="${PAD_X}"/>` +
  `<w:bottom w:type="dxa" w:w="${PAD_Y}"/><w:right w:type="dxa" w:w="${PAD_X}"/></w:tblCellMar>`;
/** A header row repeats on every page; it is short, so it may also stay in one piece. */
const HEADER_ROW = '<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>';

/**
 * The table's alternative text (Word 2010's 可选文字), which screen readers announce before
 * reading the table: its caption, and its columns from the header rows.
 */
function altText(table: Table): string {
  if (table.caption === undefined) return '';
  const heads = table.rows.slice(0, table.headerRows).flatMap((r) => r.cells.map((c) => textPieces(c.runs, () => null).join('').trim()));
  const columns = heads.filter((h) => h !== '');
  const description = columns.length > 0 ? `${table.caption}。列：${columns.join('、')}` : table.caption;
  return `<w:tblCaption w:val="${escapeXml(table.caption)}"/><w:tblDescription w:val="${escapeXml(description)}"/>`;
}

/** Top is Word's default: not written. */
const VALIGN = {
  top: '',
  middle: '<w:vAlign w:val="center"/>',
  bottom: '<w:vAlign w:val="bottom"/>',
} as const satisfies Record<VAlign, string>;

/**
 * The Word table as XML, in pieces to be joined (a long table is tens of megabytes: one
 * string per row keeps it from being copied while it is built). The table has rows: an
 * empty one never reaches a writer (../page-flow.ts).
 */
export function wordTableXml(table: Table, text: WordText, textWidth: number): string[] {
  const widths = gridWidths(table.columns, textWidth);
  const edges = [0];
  for (const w of widths) edges.push(edges.at(-1)! + w);
  const grid = placeCells(table);
  for (const w of grid.warnings) text.warn(w);

  // A table ruled throughout (the usual case) states its rules once, on the table: what
  // Word users expect when they add a row, and less to write on a long table. Otherwise
  // each ruled cell states its own.
  const ruled = table.rows.every((row) => row.cells.every((c) => c.style.border));

  const xml = [
    `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${textWidth}"/>${ruled ? TABLE_RULES : TABLE_NO_RULES}` +
      `<w:tblLayout w:type="fixed"/>${MARGINS}${altText(table)}</w:tblPr>` +
      `<w:tblGrid>${widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`,
  ];
  grid.slots.forEach((slots, r) => {
    let row = r < grid.headerRows ? HEADER_ROW : '<w:tr>';
    slots.forEach((placed, c) => {
      // A slot no cell reached is left blank; the other columns of a wide cell, its gridSpan covers.
      if (placed === undefined) row += `<w:tc><w:tcPr>${cellWidth(edges, c, 1)}</w:tcPr><w:p/></w:tc>`;
      else if (placed.col === c) row += wordCell(placed, placed.row === r, text, ruled, edges);
    });
    xml.push(`${row}</w:tr>`);
  });
  xml.push('</w:tbl>');
  return xml;
}

/**
 * A cell where it starts (`first`), or its empty continuation in a row below. Cell
 * properties in the schema's order: width, span, merge, rules, fill, alignment.
 */
function wordCell(
  { cell, col, colspan, rowspan }: PlacedCell,
  first: boolean,
  text: WordText,
  tableRuled: boolean,
  edges: number[],
): string {
  const { style } = cell;
  const merge = !first ? '<w:vMerge/>' : rowspan > 1 ? '<w:vMerge w:val="restart"/>' : '';
  const props =
    cellWidth(edges, col, colspan) +
    (colspan > 1 ? `<w:gridSpan w:val="${colspan}"/>` : '') +
    merge +
    (style.border && !tableRuled ? CELL_RULES : '') +
    shading(style) +
    VALIGN[style.valign];
  return `<w:tc><w:tcPr>${props}</w:tcPr>${text.cellParagraphXml(first ? cell.runs : [], style)}</w:tc>`;
}

/** The width of the grid columns a cell spans: Word sizes a cell without one to its content. */
function cellWidth(edges: number[], col: number, colspan: number): string {
  return `<w:tcW w:type="dxa" w:w="${edges[col + colspan]! - edges[col]!}"/>`;
}

function shading(style: Style): string {
  if (style.fill === null) return '';
  return `<w:shd w:fill="${style.fill.slice(1).toUpperCase()}" w:color="auto" w:val="clear"/>`;
}

/**
 * Relative widths → whole twips that add up to exactly the text width (each edge is
 * rounded, not each width, so rounding errors do not accumulate).
 */
function gridWidths(columns: number[], textWidth: number): number[] {
  const total = checkColumnWidths(columns);
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
