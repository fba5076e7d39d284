/**
 * The writers as the cross-format feature suite (./features.test.ts) sees them. Each adapter
 * renders with the real renderer, in this process (mutation testing sees only code run
 * here), and reads the bytes back as a user's software would: PDF through poppler and
 * qpdf, Word from the package's own XML, Excel through exceljs, HTML as a browser parses and
 * prints it, OFD unzipped and parsed as GB/T 33190 lays it out (../helpers/ofd-read-back.ts). What differs by the nature of a format is stated here, once, so the suite itself
 * has no per-format branches.
 * A new writer gets every feature check by adding its adapter to WRITERS.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'fontkit';
import JSZip from 'jszip';
import type { FontFamily, FontFile, LayoutDocument } from '../../src/layout/types.js';
import { rendererFor, type Format } from '../../src/render/index.js';
import type { Renderer } from '../../src/render/renderer.js';
import { firstTable, tableGeometry } from '../helpers/layout-geometry.js';
import {
  docxEffectiveRuns,
  docxPages,
  docxText,
  loadWorkbook,
  pdfFonts,
  pdfPages,
  pdfRules,
  pdfText,
  pdfWords,
  xlsxCells,
} from '../helpers/read-back.js';
import { htmlDocument, htmlFonts, htmlPrintedPages, htmlTableCells, textOf } from '../helpers/html-read-back.js';
import { docxTableCells, pdfTableCells, xlsxTableCells, type PlacedText } from '../helpers/table-cells.js';
import { child, readOfd } from '../helpers/ofd-read-back.js';

/** A file as read back, in terms every format can fill. Texts have whitespace removed (lines wrap anywhere). */
export interface ReadBack {
  /** All the text a reader finds. */
  text: string;
  /** Each page's text: see WriterUnderTest.pages for what a page is. */
  pages: string[];
  /** The first table's cells that show text, as placed (row by row, left to right). */
  table: PlacedText[];
  /** The fonts the text is set in, as the file names them: sorted, each once; '' for a font without a name. */
  fonts: string[];
}

export interface WriterUnderTest {
  format: Format;
  render: Renderer;
  /** `layout`: what was rendered (where the first table is). */
  read(bytes: Uint8Array, layout: LayoutDocument): Promise<ReadBack>;
  /**
   * 'laid-out': the file has pages (PDF pages; a Word document's parts between explicit page
   * breaks). 'manual-breaks': a sheet has no pages of its own, only manual breaks between
   * rows, and a page is the rows between two of them.
   */
  pages: 'laid-out' | 'manual-breaks';
  /** The name a reader of the file finds for text set in `family`. */
  fontName(family: FontFamily, bold: boolean): string;
  /**
   * A style naming a font family the document does not define: the writer 'throws', or
   * warns FONT_UNKNOWN and falls back to the document's default font (the family most
   * paragraphs use) or to a font without a name (the application's default).
   */
  unknownFont: 'throws' | 'documentDefault' | 'unnamed';
  /** Warning codes for a cell taller than a page, which the format cannot show whole. */
  tallCellWarnings: string[];
}

const squash = (s: string) => s.replace(/\s+/g, '');
const names = (xs: string[]) => [...new Set(xs)].sort();
const hasTable = (layout: LayoutDocument) => layout.body.some((b) => b.kind === 'table');

/** Poppler reads files: the bytes go to a temporary one for the length of `read`. */
function withFile<T>(bytes: Uint8Array, ext: string, read: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'pubtable-writers-'));
  try {
    const file = join(dir, `out.${ext}`);
    writeFileSync(file, bytes);
    return read(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const postscriptNames = new Map<string, string>();
/** The PostScript name inside a TrueType file (or a face of a collection): what a PDF embeds it as. */
function postscriptName({ path, face }: FontFile): string {
  const key = `${path}\0${face ?? ''}`;
  let name = postscriptNames.get(key);
  if (name === undefined) {
    const font = create(readFileSync(path), face);
    if (!font || !('postscriptName' in font)) throw new Error(`no single font in ${path}`);
    name = font.postscriptName;
    postscriptNames.set(key, name);
  }
  return name;
}

const pdf: WriterUnderTest = {
  format: 'pdf',
  render: await rendererFor('pdf'),
  read: async (bytes, layout) =>
    withFile(bytes, 'pdf', (file) => ({
      text: pdfText(file),
      pages: pdfPages(file),
      table: hasTable(layout) ? pdfTableCells(pdfWords(file), pdfRules(file), tableGeometry(layout).edges) : [],
      // A font the file does not carry as a subset would show under another name.
      fonts: names(pdfFonts(file).map((f) => (f.embedded && f.subset ? f.name.replace(/^[A-Z]{6}\+/, '') : `${f.name} (not an embedded subset)`))),
    })),
  pages: 'laid-out',
  // The subset of the style sheet's TrueType file.
  fontName: (family, bold) => postscriptName(bold ? family.pdf.bold : family.pdf.normal),
  unknownFont: 'throws',
  tallCellWarnings: [],
};

const docx: WriterUnderTest = {
  format: 'docx',
  render: await rendererFor('docx'),
  async read(bytes) {
    const zip = await JSZip.loadAsync(bytes);
    const part = (name: string) => zip.file(name)!.async('string');
    const [document, styles] = await Promise.all([part('word/document.xml'), part('word/styles.xml')]);
    const bands = await Promise.all(Object.keys(zip.files).filter((n) => /^word\/(header|footer)\d+\.xml$/.test(n)).map(part));
    // Word sets CJK text in the East Asian font of the run's properties, resolved through its style.
    const runs = [document, ...bands].flatMap((xml) => docxEffectiveRuns(xml, styles));
    return {
      text: squash(await docxText(bytes)),
      pages: docxPages(document),
      table: document.includes('<w:tbl>') ? docxTableCells(document) : [],
      fonts: names(runs.map((r) => r.props.fonts['eastAsia'] ?? '')),
    };
  },
  pages: 'laid-out',
  fontName: (family) => family.office.eastAsia,
  unknownFont: 'documentDefault',
  tallCellWarnings: [],
};

const xlsx: WriterUnderTest = {
  format: 'xlsx',
  render: await rendererFor('xlsx'),
  async read(bytes, layout) {
    const sheet = (await loadWorkbook(bytes)).worksheets[0]!;
    const cells = xlsxCells(sheet);
    // Manual breaks, from the sheet's own XML: `<brk id="n">` breaks after row n.
    const xml = await (await JSZip.loadAsync(bytes)).file('xl/worksheets/sheet1.xml')!.async('string');
    const breaks = [...new Set([...xml.matchAll(/<brk id="(\d+)"/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
    const pages = [...breaks, Infinity].map((last, i) =>
      squash(cells.filter((c) => c.row > (breaks[i - 1] ?? 0) && c.row <= last).map((c) => c.text).join('')),
    );
    return {
      text: squash(cells.map((c) => c.text).join('')),
      pages,
      table: hasTable(layout) ? xlsxTableCells(sheet, firstTableRow(layout), firstTable(layout).rows.length) : [],
      fonts: names(cells.map((c) => c.font ?? '')),
    };
  },
  pages: 'manual-breaks',
  // Excel has one font per cell: the East Asian one.
  fontName: (family) => family.office.eastAsia,
  unknownFont: 'unnamed',
  tallCellWarnings: ['ROW_TOO_TALL'],
};

/**
 * The sheet row (1-based) where the first table starts: each paragraph before it takes a
 * row. Sheet columns are the table's only if every table has the same columns (the writer
 * otherwise cuts a common grid), which is all this reader handles.
 */
function firstTableRow(layout: LayoutDocument): number {
  const columns = JSON.stringify(firstTable(layout).columns);
  if (layout.body.some((b) => b.kind === 'table' && JSON.stringify(b.columns) !== columns)) {
    throw new Error('the Excel read-back needs every table to have the same columns');
  }
  const at = layout.body.findIndex((b) => b.kind === 'table');
  return 1 + layout.body.slice(0, at).filter((b) => b.kind === 'paragraph').length;
}

const html: WriterUnderTest = {
  format: 'html',
  render: await rendererFor('html'),
  async read(bytes, layout) {
    const { body, css } = htmlDocument(bytes);
    return {
      text: squash(textOf(body)),
      // A browser's pages are the printed ones; printing takes seconds, so only when asked.
      get pages() {
        return htmlPrintedPages(bytes);
      },
      table: hasTable(layout) ? htmlTableCells(body) : [],
      fonts: names(htmlFonts(body, css)),
    };
  },
  pages: 'laid-out',
  // The CSS font-family list: the Latin face first, as Word uses it for Latin text, then the East Asian one.
  fontName: (family) => `${family.office.ascii}, ${family.office.eastAsia}`,
  unknownFont: 'unnamed',
  tallCellWarnings: [],
};

const PT_PER_MM = 72 / 25.4;

const ofd: WriterUnderTest = {
  format: 'ofd',
  render: await rendererFor('ofd'),
  async read(bytes, layout) {
    const pkg = await readOfd(bytes);
    const pt = (mm: number) => mm * PT_PER_MM;
    // Each text object as a word, each stroked line as a rule, in points from the page's top left (as poppler's).
    const words = pkg.pages.flatMap((p, i) =>
      p.texts.map((t) => {
        const [x, y, w, h] = t.boundary.map(pt) as [number, number, number, number];
        return { page: i + 1, xMin: x + pt(t.x), yMin: y, xMax: x + w, yMax: y + h, text: t.text };
      }),
    );
    const rules = pkg.pages.flatMap((p, i) =>
      p.paths.flatMap((path) => {
        const m = /^M (\S+) (\S+) L (\S+) (\S+)$/.exec(child(path, 'ofd:AbbreviatedData')!.text);
        if (!m || path.attributes.Fill === 'true') return [];
        const [bx, by] = path.attributes.Boundary!.split(' ').map(Number) as [number, number];
        const [x1, y1, x2, y2] = m.slice(1).map(Number) as [number, number, number, number];
        return [{ page: i + 1, x1: pt(bx + x1), y1: pt(by + y1), x2: pt(bx + x2), y2: pt(by + y2) }];
      }),
    );
    const fontNames = new Map(pkg.fonts.map((f) => [f.id, f.fontName]));
    return {
      text: squash(words.map((w) => w.text).join('')),
      pages: pkg.pages.map((p) => squash(p.texts.map((t) => t.text).join(''))),
      table: hasTable(layout) ? pdfTableCells(words, rules, tableGeometry(layout).edges) : [],
      fonts: names(pkg.pages.flatMap((p) => p.texts.map((t) => fontNames.get(t.font) ?? ''))),
    };
  },
  pages: 'laid-out',
  // The subset of the style sheet's TrueType file, as in the PDF: the same pages.
  fontName: (family, bold) => postscriptName(bold ? family.pdf.bold : family.pdf.normal),
  unknownFont: 'throws',
  tallCellWarnings: [],
};

export const WRITERS: WriterUnderTest[] = [pdf, docx, xlsx, html, ofd];
