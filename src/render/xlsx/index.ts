/**
 * Layout tree → .xlsx: one worksheet laid out like the printed table. Paragraphs become
 * rows merged across the sheet; table cells keep their spans as merges; amounts are
 * numbers with the style's number format; every other text is a plain string (never a
 * formula, whatever it starts with). A cell's link is a hyperlink on the cell (its number,
 * text and style kept); outline entries are left out. Neither Excel nor LibreOffice sizes
 * wrapped or merged rows, so every row height is computed here from its text.
 */
import type ExcelJS from 'exceljs';
import type { Cell, Inline, LayoutDocument, Paragraph, Style, Table } from '../../layout/types.js';
import type { RenderWarning, Renderer } from '../renderer.js';
import { countLines } from './text-measure.js';
import { Workbook } from './workbook-class.js';
import { columnGrid, excelColumnWidth, headerFooterText, pageSetup, setDefaultFont, type ColumnGrid } from './page.js';
import { placeCells } from '../table-grid.js';
import { textPieces } from '../text-pieces.js';
import { unknownFontWarning, WarningList } from '../warnings.js';
import { zipWorkbook } from './package-parts.js';

/**
 * Line pitch in em. Spreadsheets cannot set line spacing: a line is as tall as the font's ascent
 * + descent, about 1.3 em for SimSun and 1.45 em for Noto CJK (LibreOffice's substitute): the larger.
 */
const LINE_EM = 1.45;
/** Points of a cell's width not available to text (cell margins and rule) … */
const PAD_X = 5;
/** … and of its height. */
const PAD_Y = 4;
/** Excel's largest row height, in points. */
const MAX_ROW_PT = 409;
/** Excel rounds row heights to whole pixels (0.75 pt at 96 dpi); round up, never down. */
const ROW_STEP_PT = 0.75;
/** Excel's limit on the characters in one cell. */
const MAX_CELL_CHARS = 32767;

const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF000000' } };

/** A cell spanning several rows, whose height need is settled once its rows are known. */
interface TallCell {
  top: number;
  bottom: number;
  need: number;
  address: string;
  ref?: string;
}

/**
 * Text as stored in the file. A string value is always written as a string, never as a
 * formula, so '=1+1' needs nothing; but Excel reads `_xHHHH_` in stored text as an escaped
 * character, so such text gets its underscore escaped (`_x005F_`) to survive literally.
 */
function excelString(text: string): string {
  return text.replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_');
}

/**
 * A cell's link (a relative path, `/` between folders: types.ts) as a hyperlink target. The
 * target is a URI: ASCII characters that may not stand in one or that mean something in it
 * (space, `%`, `#`, `?`, `:` …) are percent-encoded (a raw space makes Excel repair the file
 * and drop the link); other characters stay as they are, as Excel writes them, so Chinese
 * names need no decoding.
 */
function hyperlinkTarget(link: string): string {
  return link.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=@/\u0080-\u{10FFFF}]/gu, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * The sheet with each linked number cell (exceljs: a shared string) holding its number again.
 * The cells are exceljs's `<c r="B5" s="3" t="s"><v>7</v></c>`; the string stays in the
 * shared strings, unused, which readers allow.
 */
function numbersBack(xml: string, numbers: ReadonlyMap<string, number>): string {
  let found = 0;
  const out = xml.replace(/<c r="([A-Z]+\d+)"((?: s="\d+")?) t="s"><v>\d+<\/v><\/c>/g, (whole, address: string, style: string) => {
    const n = numbers.get(address);
    if (n === undefined) return whole;
    found++;
    return `<c r="${address}"${style}><v>${n}</v></c>`;
  });
  if (found !== numbers.size) throw new Error(`sheet1.xml: 找到 ${found} 个带链接的数字单元格，应为 ${numbers.size} 个`);
  return out;
}

export const renderXlsx: Renderer = async (doc) => {
  const writer = new SheetWriter(doc);
  for (const block of doc.body) {
    if (block.kind === 'paragraph') writer.paragraph(block);
    else if (block.kind === 'table') writer.table(block);
    else writer.pageBreak();
  }
  return { bytes: await writer.finish(), warnings: writer.warnings.items };
};

class SheetWriter {
  readonly warnings = new WarningList();
  private readonly workbook = new Workbook();
  private readonly sheet: ExcelJS.Worksheet;
  private readonly grid: ColumnGrid;
  /** Height each sheet row needs, in points, indexed by row number. */
  private readonly heights: number[] = [];
  private readonly styles = new Map<string, Partial<ExcelJS.Style>>();
  private nextRow = 1;
  /** Cells holding a number and a link: exceljs writes them as text, finish() puts the number back. */
  private readonly linkedNumbers = new Map<string, number>();
  /** The row the last page break follows: two breaks in a row are one break in a sheet. */
  private breakRow = 0;
  private printTitles: string | undefined;

  constructor(private readonly doc: LayoutDocument) {
    const { meta } = doc;
    const book = this.workbook;
    book.title = meta.title;
    book.subject = meta.subject;
    book.creator = meta.author;
    book.lastModifiedBy = 'pubtable';
    // exceljs defaults both dates to "now"; the fixed date keeps the bytes reproducible.
    book.created = meta.created;
    book.modified = meta.created;
    const warn = (w: RenderWarning) => this.warnings.add(w);
    this.sheet = this.workbook.addWorksheet(meta.sheetName, {
      pageSetup: pageSetup(doc),
      headerFooter: {
        oddHeader: headerFooterText(doc.header, '页眉', warn),
        oddFooter: headerFooterText(doc.footer, '页脚', warn),
      },
    });
    this.grid = columnGrid(doc);
    this.sheet.columns = this.grid.widths.map((pt) => ({ width: excelColumnWidth(pt) }));
  }

  /** One row, merged across the sheet; paragraph spacing becomes row height. */
  paragraph(p: Paragraph): void {
    const row = this.nextRow++;
    const columns = this.grid.widths.length;
    const cell = this.sheet.getCell(row, 1);
    const text = this.text(p.runs, cell.address, p.ref);
    if (text !== '') cell.value = excelString(text);
    cell.style = this.style(p.style, false, false);
    if (columns > 1) this.merge(row, 1, row, columns);
    const need = this.need(text, p.style, this.grid.offsets[columns]!) + p.style.spaceBefore + p.style.spaceAfter;
    this.heights[row] = need;
    if (need > MAX_ROW_PT) this.tooTall(cell.address, need, p.ref);
  }

  /** Cells are placed as HTML does (../table-grid.ts); spans become merges. */
  table(table: Table): void {
    const edges = this.grid.edges.get(table)!;
    const first = this.nextRow;
    const grid = placeCells(table);
    for (const w of grid.warnings) this.warnings.add(w);
    const tall: TallCell[] = [];
    for (const { cell, row, col, rowspan, colspan } of grid.cells) {
      const spanned = this.writeCell(cell, first + row, edges[col]!, edges[col + colspan]!, rowspan);
      if (spanned) tall.push(spanned);
    }
    this.nextRow += table.rows.length;
    this.settleSpans(tall);

    if (grid.headerRows > 0 && this.printTitles === undefined) {
      this.printTitles = `${first}:${first + grid.headerRows - 1}`;
    } else if (grid.headerRows > 0) {
      // A sheet has one set of print titles: the first table's header rows.
      this.warnings.add({
        code: 'PRINT_TITLES',
        message: `Excel 每个工作表只能重复一组标题行：第 ${first} 行起的表格的表头不会在每页重复`,
      });
    }
  }

  pageBreak(): void {
    const row = this.nextRow - 1;
    // exceljs lists a row once per addPageBreak, and a repeated <brk> is not a valid sheet.
    if (row < 1 || row === this.breakRow) return;
    this.sheet.getRow(row).addPageBreak();
    this.breakRow = row;
  }

  async finish(): Promise<Uint8Array> {
    for (let row = 1; row < this.nextRow; row++) {
      const need = this.heights[row] ?? 0;
      if (need > 0) this.sheet.getRow(row).height = Math.min(MAX_ROW_PT, Math.ceil(need / ROW_STEP_PT) * ROW_STEP_PT);
    }
    if (this.printTitles !== undefined) this.sheet.pageSetup.printTitlesRow = this.printTitles;
    const edits: Record<string, (xml: string) => string> = { 'xl/styles.xml': setDefaultFont };
    if (this.linkedNumbers.size > 0) edits['xl/worksheets/sheet1.xml'] = (xml) => numbersBack(xml, this.linkedNumbers);
    return zipWorkbook(this.workbook, this.doc.meta.created, edits);
  }

  /**
   * Writes a table cell over sheet columns [left, right) (0-based) and `rowspan` rows.
   * Returns the cell's height need if it spans rows, to be settled after the table.
   */
  private writeCell(cell: Cell, row: number, left: number, right: number, rowspan: number): TallCell | undefined {
    const target = this.sheet.getCell(row, left + 1);
    const text = this.text(cell.runs, target.address, cell.ref);
    const numeric = cell.number !== undefined && Number.isFinite(cell.number);
    if (cell.link !== undefined && (numeric || text !== '')) {
      // exceljs makes a hyperlink only of a cell with text (and stores the text as a string).
      target.value = { text: numeric ? String(cell.number) : excelString(text), hyperlink: hyperlinkTarget(cell.link) };
      if (numeric) this.linkedNumbers.set(target.address, cell.number!);
    } else if (numeric) target.value = cell.number!;
    else if (text !== '') target.value = excelString(text);
    target.style = this.style(cell.style, cell.style.border, numeric);
    if (right - left > 1 || rowspan > 1) this.merge(row, left + 1, row + rowspan - 1, right);

    // A number never wraps: one line.
    const need = this.need(numeric ? '' : text, cell.style, this.grid.offsets[right]! - this.grid.offsets[left]!);
    if (rowspan > 1) return { top: row, bottom: row + rowspan - 1, need, address: target.address, ref: cell.ref };
    this.heights[row] = Math.max(this.heights[row] ?? 0, need);
    if (need > MAX_ROW_PT) this.tooTall(target.address, need, cell.ref);
    return undefined;
  }

  /**
   * Merges a 1-based cell range into its top-left cell, whose style the other cells take
   * so the borders run round the whole area. Not worksheet.mergeCells: that checks every
   * earlier merge (quadratic on long tables); cell placement already rules out overlaps.
   */
  private merge(top: number, left: number, bottom: number, right: number): void {
    const master = this.sheet.getCell(top, left);
    for (let r = top; r <= bottom; r++) {
      for (let c = left; c <= right; c++) {
        if (r !== top || c !== left) this.sheet.getCell(r, c).merge(master);
      }
    }
  }

  /**
   * A cell spanning rows gets the height its own rows lack, shared out evenly but never
   * past Excel's row limit (a row that is full passes its share to the others). Shorter
   * spans first, so a long span sees the rows as the short ones left them.
   */
  private settleSpans(tall: TallCell[]): void {
    tall.sort((a, b) => a.bottom - a.top - (b.bottom - b.top) || a.top - b.top);
    for (const span of tall) {
      const rows: number[] = [];
      for (let r = span.top; r <= span.bottom; r++) rows.push(r);
      let missing = span.need - rows.reduce((sum, r) => sum + (this.heights[r] ?? 0), 0);
      let open = rows.filter((r) => (this.heights[r] ?? 0) < MAX_ROW_PT);
      while (missing > 0.01 && open.length > 0) {
        const share = missing / open.length;
        for (const r of open) {
          const add = Math.min(share, MAX_ROW_PT - (this.heights[r] ?? 0));
          this.heights[r] = (this.heights[r] ?? 0) + add;
          missing -= add;
        }
        open = open.filter((r) => this.heights[r]! < MAX_ROW_PT);
      }
      if (missing > 0.01) this.tooTall(span.address, span.need, span.ref);
    }
  }

  /** Points a text needs in a cell `widthPt` wide. */
  private need(text: string, style: Style, widthPt: number): number {
    const lines = countLines(text, (widthPt - PAD_X) / style.size);
    return lines * style.size * LINE_EM + PAD_Y;
  }

  /** A cell's text, as shown (within Excel's length limit). */
  private text(runs: Inline[], address: string, ref: string | undefined): string {
    let text = textPieces(runs, () => {
      this.warnings.add({ code: 'UNSUPPORTED_FIELD', message: `单元格 ${address} 中的页码域在 Excel 单元格里无法显示，已略去`, ref });
      return null;
    }).join('');
    if (text.length > MAX_CELL_CHARS) {
      this.warnings.add({
        code: 'CELL_TOO_LONG',
        message: `单元格 ${address} 有 ${text.length} 个字符，超过 Excel 的 ${MAX_CELL_CHARS} 个字符上限，已截断`,
        ref,
      });
      text = text.slice(0, MAX_CELL_CHARS);
    }
    return text;
  }

  /**
   * Excel styles, shared between cells of the same look (exceljs dedupes them on write).
   * Text wraps; a number shrinks to fit rather than turn into '###' in a narrow column.
   */
  private style(style: Style, border: boolean, numeric: boolean): Partial<ExcelJS.Style> {
    const { font, size, bold, align, valign, fill, numberFormat } = style;
    const key = [font, size, bold, align, valign, fill, border, numberFormat, numeric].join('\u0000');
    const cached = this.styles.get(key);
    if (cached) return cached;

    const name = this.fontName(font);
    const result: Partial<ExcelJS.Style> = {
      font: name === undefined ? { size, bold } : { name, size, bold },
      alignment: numeric
        ? { horizontal: align, vertical: valign, shrinkToFit: true }
        : { horizontal: align, vertical: valign, wrapText: true },
    };
    if (border) result.border = { top: THIN, left: THIN, bottom: THIN, right: THIN };
    if (fill !== null) {
      result.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${fill.slice(1).toUpperCase()}` } };
    }
    if (numberFormat !== null) result.numFmt = numberFormat;
    this.styles.set(key, result);
    return result;
  }

  /** Excel has one font name per cell: the East Asian one, which also has Latin glyphs. */
  private fontName(key: string): string | undefined {
    const family = this.doc.fonts[key];
    if (family) return family.office.eastAsia;
    this.warnings.add(unknownFontWarning(key));
    return undefined;
  }

  private tooTall(address: string, need: number, ref: string | undefined): void {
    this.warnings.add({
      code: 'ROW_TOO_TALL',
      message: `单元格 ${address} 约需 ${Math.ceil(need)} 磅高，超过 Excel 行高上限 ${MAX_ROW_PT} 磅，部分文字会被遮住`,
      ref,
    });
  }
}
