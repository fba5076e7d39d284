/**
 * How the worksheet maps onto the printed page: column widths, print setup, header and
 * footer. Kept apart from the cell writing in ./index.ts.
 */
import type ExcelJS from 'exceljs';
import type { LayoutDocument, Paragraph, Table } from '../../layout/types.js';
import { MM_PER_INCH, PT_PER_MM, textWidthMm } from '../../layout/page.js';
import type { RenderWarning } from '../renderer.js';
import { checkColumnWidths } from '../table-grid.js';


/**
 * Excel measures column widths in characters: the width of '0' in the workbook's default
 * (Normal style) font, 5 px of cell padding included in the stored width. We make that
 * font Times New Roman 10.5, whose digits are exactly 0.5 em: 5.25 pt = 7 px at 96 dpi,
 * so Excel (which rounds to whole pixels) and LibreOffice (which measures the glyph, here
 * in TNR's metric twin Liberation Serif) agree on 5.25 pt per width unit.
 * exceljs's own default, Calibri 11, is 7 px in Excel too, but LibreOffice measures
 * Carlito at ~5.6 pt, or, where Calibri and Carlito are missing, DejaVu Sans at 7 pt: the
 * sheet comes out too wide and fit-to-width prints it at 76 %.
 */
const PT_PER_WIDTH_UNIT = 5.25;
const DEFAULT_FONT_XML = '<font><sz val="10.5"/><name val="Times New Roman"/><family val="1"/></font>';

/**
 * The columns fill this share of the printable width: pixel rounding in the viewer must not
 * push the sheet over the page, or fit-to-width would shrink the whole print a little.
 */
const WIDTH_FILL = 0.985;

/** Excel limits a header or footer to 255 characters, codes included. */
const MAX_HEADER_FOOTER = 255;

/** Resolution for matching column edges of different tables (fractions of the width). */
const EDGE_STEPS = 1_000_000;

export interface ColumnGrid {
  /** Sheet column widths in points. */
  widths: number[];
  /** offsets[i] is the left edge of sheet column i in points; offsets[widths.length] the total. */
  offsets: number[];
  /** Per table, the sheet column index at each of its column edges (columns.length + 1 of them). */
  edges: Map<Table, number[]>;
}

export function printableWidthPt(doc: LayoutDocument): number {
  return textWidthMm(doc.page) * PT_PER_MM;
}

/**
 * One sheet column grid for all tables: the union of their column edges, scaled to the
 * printable width. Tables with the same relative columns (the usual case) map one to one;
 * a table with other columns spans several sheet columns per column of its own.
 */
export function columnGrid(doc: LayoutDocument): ColumnGrid {
  const tables = doc.body.filter((b): b is Table => b.kind === 'table');
  const tableSteps = tables.map((table) => {
    const { columns } = table;
    const total = checkColumnWidths(columns);
    let sum = 0;
    return [0, ...columns.map((w) => Math.round(((sum += w) / total) * EDGE_STEPS))];
  });
  const steps = [...new Set([0, EDGE_STEPS, ...tableSteps.flat()])].sort((a, b) => a - b);
  const index = new Map(steps.map((s, i) => [s, i]));

  const width = printableWidthPt(doc) * WIDTH_FILL;
  const widths = steps.slice(1).map((s, i) => ((s - steps[i]!) / EDGE_STEPS) * width);
  const offsets = [0];
  for (const w of widths) offsets.push(offsets[offsets.length - 1]! + w);
  const edges = new Map(tables.map((t, i) => [t, tableSteps[i]!.map((s) => index.get(s)!)]));
  return { widths, offsets, edges };
}

/** A column width in Excel's units, on the 1/256 grid Excel itself stores. */
export function excelColumnWidth(pt: number): number {
  return Math.floor((pt / PT_PER_WIDTH_UNIT) * 256) / 256;
}

/** Replaces the first (default) font of an exceljs styles.xml with the one above. */
export function setDefaultFont(stylesXml: string): string {
  const start = stylesXml.indexOf('<font>', stylesXml.indexOf('<fonts'));
  const end = stylesXml.indexOf('</font>', start);
  if (start < 0 || end < 0) throw new Error('styles.xml: 找不到默认字体');
  return stylesXml.slice(0, start) + DEFAULT_FONT_XML + stylesXml.slice(end + '</font>'.length);
}

export function pageSetup(doc: LayoutDocument): Partial<ExcelJS.PageSetup> {
  const inches = (mm: number) => Math.round((mm / MM_PER_INCH) * 10000) / 10000;
  const { margins, orientation } = doc.page;
  return {
    paperSize: 9, // A4
    orientation,
    // One page wide, as many tall as needed: columns sized to the page keep the scale ~100 %.
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: {
      top: inches(margins.top),
      right: inches(margins.right),
      bottom: inches(margins.bottom),
      left: inches(margins.left),
      // Excel measures these to the header's top (the footer's bottom): half the margin
      // puts a one-line band near the middle of its margin. The PDF and Word centre the band
      // by its height (layout/page.ts bandHeight): for one 9 pt line that is 2 mm apart.
      header: inches(margins.top / 2),
      footer: inches(margins.bottom / 2),
    },
  };
}

/**
 * A header or footer in Excel's code language: `&L`/`&C`/`&R` sections (from the paragraph
 * alignment), `&P` and `&N` for the page fields, `&&` for a literal ampersand.
 */
export function headerFooterText(
  paragraphs: Paragraph[],
  where: string,
  warn: (w: RenderWarning) => void,
): string | undefined {
  if (paragraphs.length === 0) return undefined;
  const sections = { L: [] as string[], C: [] as string[], R: [] as string[] };
  for (const p of paragraphs) {
    const section = p.style.align === 'center' ? 'C' : p.style.align === 'right' ? 'R' : 'L';
    // Size first, then an explicit font code, so text starting with a digit cannot extend
    // the size number ('&9' + '1' would read as size 91). '-' is the default font.
    let text = `&${Math.max(1, Math.round(p.style.size))}&"-,${p.style.bold ? 'Bold' : 'Regular'}"`;
    for (const run of p.runs) {
      if (run.kind === 'text') text += run.text.replaceAll('&', '&&');
      else if (run.kind === 'break') text += '\n';
      else text += run.field === 'page' ? '&P' : '&N';
    }
    sections[section].push(text);
  }
  const result = (['L', 'C', 'R'] as const)
    .filter((s) => sections[s].length > 0)
    .map((s) => `&${s}${sections[s].join('\n')}`)
    .join('');
  if (result.length > MAX_HEADER_FOOTER) {
    warn({
      code: 'HEADER_FOOTER_TOO_LONG',
      message: `${where}有 ${result.length} 个字符（含格式代码），超过 Excel 的 ${MAX_HEADER_FOOTER} 个字符上限，Excel 可能截去`,
      ref: paragraphs[0]?.ref,
    });
  }
  return result;
}
