/**
 * Reads generated files back the way a user's software would see them: PDF text through
 * poppler, DOCX table cells from word/document.xml, XLSX cells through exceljs.
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
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) =>
    [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) =>
      [...tc[0].matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)]
        .map((p) =>
          [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>|<w:tab\/>/g)]
            .map((r) => (r[0] === '<w:br/>' ? '\n' : r[0] === '<w:tab/>' ? '\t' : decodeXml(r[1] ?? '')))
            .join(''),
        )
        .join('\n'),
    ),
  );
}

/** Every paragraph's text of word/document.xml, in order. */
export async function docxText(bytes: Uint8Array): Promise<string> {
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  return decodeXml([...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
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
      if (c.isMerged && c.master !== c) return;
      const v = c.value;
      cells.push(
        typeof v === 'number'
          ? v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
          : v === null || v === undefined
            ? ''
            : typeof v === 'object' && 'richText' in v
              ? v.richText.map((t) => t.text).join('')
              : String(v),
      );
    });
    rows.push(cells);
  });
  return rows;
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
