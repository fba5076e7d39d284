/**
 * Reads generated files back the way a user's software would see them: PDF text, fonts and
 * rules through poppler and qpdf, DOCX text, pages, table cells and run properties from the
 * package's XML, XLSX cells through exceljs.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

const squash = (s: string) => s.replace(/\s+/g, '');

/** All text of a PDF in content order, whitespace removed (lines wrap anywhere). */
export function pdfText(path: string): string {
  return squash(execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 }));
}

export function pdfPageCount(path: string): number {
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)![1]);
}

/** The text of each page (pdftotext ends every page with a form feed), whitespace removed. */
export function pdfPages(path: string): string[] {
  const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return text.split('\f').slice(0, -1).map(squash);
}

/** A font as pdffonts lists it: whether the file carries it, and only the glyphs used. */
export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

export function pdfFonts(path: string): PdfFont[] {
  const lines = execFileSync('pdffonts', [path], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return lines.map((line) => {
    // name  type (may have spaces)  encoding  emb sub uni  object ID
    const m = /^(\S+)\s+(.+?)\s+\S+\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/.exec(line);
    if (!m) throw new Error(`pdffonts: cannot read ${line}`);
    return { name: m[1]!, type: m[2]!, embedded: m[3] === 'yes', subset: m[4] === 'yes', unicode: m[5] === 'yes' };
  });
}

/** A straight rule stroked on a page: points from the page's top left, as pdftotext's boxes. */
export interface PdfRule {
  page: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * Every `x y m x y l` segment of each page's content, uncompressed by qpdf. pdfkit (under
 * pdfmake) flips each page once at its start (`1 0 0 -1 0 height cm`) and draws rules
 * outside any other transform, so their coordinates already count from the top left;
 * a page that starts otherwise is refused rather than misread.
 */
export function pdfRules(path: string): PdfRule[] {
  const qdf = execFileSync('qpdf', ['--qdf', '--object-streams=disable', path, '-'], { encoding: 'latin1', maxBuffer: 1 << 28 });
  const rules: PdfRule[] = [];
  for (const m of qdf.matchAll(/%% Contents for page (\d+)\n[\s\S]*?\nstream\n([\s\S]*?)endstream/g)) {
    const page = Number(m[1]);
    if (!/^1 0 0 -1 0 [\d.]+ cm\n/.test(m[2]!)) throw new Error(`page ${page} does not start with pdfkit's flip`);
    for (const l of m[2]!.matchAll(/^([\d.-]+) ([\d.-]+) m\n([\d.-]+) ([\d.-]+) l$/gm)) {
      rules.push({ page, x1: Number(l[1]), y1: Number(l[2]), x2: Number(l[3]), y2: Number(l[4]) });
    }
  }
  return rules;
}

/**
 * The text of each table column, read down the pages, whitespace removed: a cell that
 * continues on the next page reads as one piece even when its neighbours continue too.
 * `edges` are the columns' x boundaries in points; words below `bottom` (the footer) are
 * left out, and so is each column's `header` label, repeated at the top of every page.
 */
export function pdfColumns(path: string, edges: number[], bottom: number, headers: string[]): string[] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const columns: string[] = edges.slice(1).map(() => '');
  for (const page of html.split('<page ').slice(1)) {
    for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
      const x = (Number(m[1]) + Number(m[3])) / 2;
      if (Number(m[4]) > bottom) continue;
      const col = edges.findIndex((e, i) => i + 1 < edges.length && x >= e && x < edges[i + 1]!);
      if (col >= 0) columns[col] += decodeXml(m[5]!);
    }
  }
  return columns.map((c, i) => squash(c).replaceAll(squash(headers[i] ?? '\u0000'), ''));
}

function decodeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** The cells of every table row in word/document.xml; paragraphs and breaks become '\n'. */
export async function docxRows(bytes: Uint8Array): Promise<string[][]> {
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) => [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) => docxCellText(tc[0])));
}

/** The text of one `<w:tc>`: its paragraphs joined by '\n', line breaks '\n', tabs '\t'. */
export function docxCellText(tc: string): string {
  return [...tc.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)]
    .map((p) =>
      [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>|<w:tab\/>/g)]
        .map((r) => (r[0] === '<w:br/>' ? '\n' : r[0] === '<w:tab/>' ? '\t' : decodeXml(r[1] ?? '')))
        .join(''),
    )
    .join('\n');
}

/** Every paragraph's text of word/document.xml, in order. */
export async function docxText(bytes: Uint8Array): Promise<string> {
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  return decodeXml([...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
}

/**
 * The text of word/document.xml between explicit page breaks (a paragraph's
 * pageBreakBefore, a `w:br` of type page), whitespace removed.
 */
export function docxPages(documentXml: string): string[] {
  const pages = [''];
  for (const m of documentXml.matchAll(/<w:pageBreakBefore(?: w:val="(\w+)")?\/>|<w:br w:type="page"\/>|<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)) {
    if (m[0].startsWith('<w:t')) pages[pages.length - 1] += decodeXml(m[2]!);
    else if (!OFF.includes(m[1] ?? 'on')) pages.push('');
  }
  return pages.map(squash);
}

const OFF = ['false', '0', 'off'];

/** Run properties as a reader resolves them; attributes of `rFonts` one by one. */
export interface RunProps {
  fonts: Record<string, string>;
  size?: string;
  bold?: boolean;
}

/** The definition of one paragraph style in word/styles.xml. */
export function docxStyleXml(styles: string, id: string): string {
  const m = new RegExp(`<w:style w:type="paragraph" w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`).exec(styles);
  if (!m) throw new Error(`styles.xml has no paragraph style ${id}`);
  return m[0];
}

/** Applies the properties of an `<w:rPr>` (or nothing) over `base`. */
function applyRPr(base: RunProps, rPr: string | undefined): RunProps {
  if (!rPr) return base;
  const fonts = { ...base.fonts };
  for (const [, name, value] of /<w:rFonts([^>]*)\/>/.exec(rPr)?.[1]?.matchAll(/w:(\w+)="([^"]*)"/g) ?? []) fonts[name!] = value!;
  const size = /<w:sz w:val="(\d+)"\/>/.exec(rPr)?.[1] ?? base.size;
  const b = /<w:b(?: w:val="(\w+)")?\/>/.exec(rPr);
  return { fonts, size, bold: b ? !OFF.includes(b[1] ?? 'on') : base.bold };
}

/**
 * Every run with text of a part (document, header, footer) with the properties Word gives
 * it: the document defaults, then its paragraph's style (after the styles that one is
 * based on), then its own.
 */
export function docxEffectiveRuns(part: string, styles: string): { text: string; props: RunProps }[] {
  const defaults = applyRPr({ fonts: {}, bold: false }, /<w:rPrDefault><w:rPr>([\s\S]*?)<\/w:rPr>/.exec(styles)?.[1]);
  const styled = (id: string | undefined): RunProps => {
    if (id === undefined) return defaults;
    const xml = docxStyleXml(styles, id);
    const base = styled(/<w:basedOn w:val="([^"]+)"\/>/.exec(xml)?.[1]);
    return applyRPr(base, /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(xml)?.[1]);
  };
  return [...part.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].flatMap(([, p]) => {
    const style = styled(/<w:pStyle w:val="([^"]+)"\/>/.exec(p!)?.[1]);
    return [...p!.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)]
      .filter(([, r]) => r!.includes('<w:t'))
      .map(([, r]) => ({
        text: [...r!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''),
        props: applyRPr(style, /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(r!)?.[1]),
      }));
  });
}

export async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return wb;
}

/** Each row's cell texts (numbers as shown with their format's two decimals). */
export async function xlsxRows(bytes: Uint8Array): Promise<string[][]> {
  const ws = (await loadWorkbook(bytes)).worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (c) => {
      if (!(c.isMerged && c.master !== c)) cells.push(cellText(c.value));
    });
    rows.push(cells);
  });
  return rows;
}

/** A cell as a reader sees it: 1-based row and column, its text as shown, its font's name. */
export interface SheetCell {
  row: number;
  col: number;
  text: string;
  font: string | undefined;
}

/** The cells of a sheet that hold something, row by row, each merged area once (at its top-left cell). */
export function xlsxCells(ws: ExcelJS.Worksheet): SheetCell[] {
  const cells: SheetCell[] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (c, col) => {
      if (c.isMerged && c.master !== c) return;
      cells.push({ row: r, col, text: cellText(c.value), font: c.font?.name });
    });
  });
  return cells;
}

function cellText(v: ExcelJS.CellValue): string {
  if (typeof v === 'number') return v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  // A hyperlink cell: the text it shows.
  if (typeof v === 'object' && 'hyperlink' in v) return typeof v.text === 'string' ? v.text : cellText(v.text as ExcelJS.CellValue);
  return String(v);
}

/** Maps 宋体 and the other customary names to Noto CJK, so LibreOffice lays out as Word would. */
const FONTCONFIG = fileURLToPath(new URL('../fixtures/fontconfig/fonts.conf', import.meta.url));

/** LibreOffice's PDF of an Office file, in its own profile so parallel tests don't clash. */
export function officeToPdf(file: string, outDir: string): string {
  execFileSync(
    'soffice',
    [`-env:UserInstallation=file://${outDir}/lo-profile`, '--headless', '--convert-to', 'pdf', '--outdir', outDir, file],
    { stdio: 'pipe', timeout: 180_000, env: { ...process.env, FONTCONFIG_FILE: FONTCONFIG } },
  );
  return `${outDir}/${file.split('/').pop()!.replace(/\.[^.]+$/, '')}.pdf`;
}

/** A word as pdftotext places it: points from the page's top left. */
export interface PdfWord {
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

/** Every word of every page, with its box. */
export function pdfWords(path: string): PdfWord[] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', path, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return html
    .split('<page ')
    .slice(1)
    .flatMap((page, p) =>
      [...page.matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g)].map((m) => ({
        page: p + 1,
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
        text: decodeXml(m[5]!),
      })),
    );
}
