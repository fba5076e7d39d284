/**
 * The neutral layout tree: what a page shows, with no idea of projects or budgets and no
 * idea of PDF, Word or Excel. Templates produce it (as markup, parsed by ./markup.ts);
 * each writer in src/render/ turns it into bytes.
 *
 * Tables follow HTML's model: a cell with rowspan/colspan covers the slots to its right
 * and below, and rows simply omit the cells that are covered.
 */

export type Align = 'left' | 'center' | 'right' | 'justify';
export type VAlign = 'top' | 'middle' | 'bottom';

/** A style with every property resolved (the style sheet's defaults filled in). */
export interface Style {
  name: string;
  /** Key into LayoutDocument.fonts. */
  font: string;
  /** Points. */
  size: number;
  bold: boolean;
  align: Align;
  valign: VAlign;
  /** Line height as a multiple of the font size. */
  lineHeight: number;
  /** Points of space before and after a paragraph (ignored inside cells). */
  spaceBefore: number;
  spaceAfter: number;
  /** Cell background as `#RRGGBB` (the style sheet checks it), or null. */
  fill: string | null;
  /** Cells: whether the cell has borders. */
  border: boolean;
  /** Spreadsheet number format for cells that carry a number, e.g. `#,##0.00`. */
  numberFormat: string | null;
}

export interface FontFamily {
  /** Names an Office application looks up: `eastAsia` for CJK text, `ascii` for Latin. */
  office: { eastAsia: string; ascii: string };
  /** Absolute paths of TrueType files for the PDF; `face` names the face inside a .ttc. */
  pdf: { normal: FontFile; bold: FontFile };
}

export interface FontFile {
  path: string;
  face?: string;
}

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'break' }
  /** Page fields: the current page number, or the number of pages. */
  | { kind: 'field'; field: 'page' | 'pages' };

/**
 * An entry of the document outline (a PDF's bookmarks) at the paragraph or cell that carries
 * it. Entries nest by level in document order: level 1 is the top, and each entry is at most
 * one level deeper than the entry before it (the first is at level 1); levels 1 to 6.
 */
export interface Outline {
  level: number;
  title: string;
}

export interface Paragraph {
  kind: 'paragraph';
  style: Style;
  runs: Inline[];
  /** An opaque label (e.g. `input.txt:12`) a renderer puts into its warnings. */
  ref?: string;
  /** A bookmark at this paragraph (body paragraphs only: a header or footer repeats on every page). */
  outline?: Outline;
  /**
   * The paragraph is a heading of this level (1 to 6), for readers that navigate by headings
   * (a tagged PDF's H1…H6, for screen readers); it changes nothing of how the text looks.
   */
  heading?: number;
}

export interface Cell {
  style: Style;
  colspan: number;
  rowspan: number;
  runs: Inline[];
  /** A cell that shows a number: its value, for spreadsheets to store as a number. */
  number?: number;
  ref?: string;
  /** An opaque name of the record field the cell shows (`goal`, `unit-amount-fiscal`), for an editor over the preview. */
  field?: string;
  /** A bookmark at this cell (never in a table's header rows: they repeat on every page). */
  outline?: Outline;
  /**
   * A link to a file beside the output, as a relative path with `/` between folders
   * (`某单位/表.pdf`), not encoded: never a scheme, an absolute path, a `..` or a backslash
   * (the markup parser refuses them). Each writer encodes it as its format needs.
   */
  link?: string;
  /**
   * The cell heads its row or its column: a form's labels (项目名称, 总计, …), outside the
   * header rows, whose cells head their columns anyway. For readers of tables (a tagged PDF's
   * and HTML's header cells); it changes nothing of how the cell looks.
   */
  scope?: 'row' | 'col';
}

export interface Row {
  cells: Cell[];
}

export interface Table {
  kind: 'table';
  /** Relative column widths; renderers scale them to the text width. */
  columns: number[];
  /** The first `headerRows` rows repeat at the top of every page. */
  headerRows: number;
  rows: Row[];
  /**
   * What the table is, for readers that announce a table before reading it (HTML's
   * `<caption>`, for screen readers); writers of pages show the title paragraph instead.
   */
  caption?: string;
}

export interface PageBreak {
  kind: 'pagebreak';
}

export type Block = Paragraph | Table | PageBreak;

export interface PageSetup {
  size: 'A4';
  orientation: 'portrait' | 'landscape';
  /** Millimetres. */
  margins: { top: number; right: number; bottom: number; left: number };
}

export interface Metadata {
  title: string;
  subject: string;
  author: string;
  /** Fixed by the caller (from the data or SOURCE_DATE_EPOCH) so output bytes are reproducible. */
  created: Date;
  /** Worksheet name for spreadsheets (at most 31 characters, no `[]:*?/\`). */
  sheetName: string;
}

/**
 * A file that travels inside the document where the format can carry one (a PDF's associated
 * files): the records the document was made from, so that they can be read back exactly.
 */
export interface Attachment {
  /** The file's name, e.g. `表.pubtable.json`. */
  name: string;
  /** MIME type, e.g. `application/json`. */
  mime: string;
  description: string;
  text: string;
}

/**
 * The archival standard a PDF is written to (ISO 19005): PDF/A-3b (which may carry
 * attachments), PDF/A-2b (which may not), or plain PDF. Writers of other formats ignore it.
 */
export const PDF_STANDARDS = ['a-3b', 'a-2b', 'none'] as const;
export type PdfStandard = (typeof PDF_STANDARDS)[number];

export interface LayoutDocument {
  page: PageSetup;
  meta: Metadata;
  /** PDF/A-3b when not said. */
  pdfStandard?: PdfStandard;
  attachments?: Attachment[];
  fonts: Record<string, FontFamily>;
  header: Paragraph[];
  footer: Paragraph[];
  body: Block[];
}
