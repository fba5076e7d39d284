/**
 * The text a pubtable PDF shows, page by page and line by line, as its viewer draws it: each
 * text object of a content stream (pdfkit draws one per line of text) with its position, its
 * glyph codes turned into characters through the font's /ToUnicode map. Enough to compare what
 * the page says with what the records say (`pubtable verify`); not a general text extractor.
 */
import { NotOurPdf, object, outsideStrings, refIn, streamData, type ParsedPdf } from './objects.js';

export interface PageLine {
  /** Points from the left edge and from the top of the page, where the line starts. */
  x: number;
  y: number;
  text: string;
}

const latin1 = new TextDecoder('latin1');

export function pageLines(pdf: ParsedPdf): PageLine[][] {
  const maps = new Map<number, Map<number, string>>();
  const toUnicode = (font: number) => {
    let map = maps.get(font);
    if (!map) maps.set(font, (map = cmapOf(pdf, font)));
    return map;
  };
  return pdf.pages.map((page) => {
    const head = outsideStrings(object(pdf.objects, page).head);
    const contents = refIn(head, 'Contents');
    const resources = refIn(head, 'Resources');
    if (contents === null || resources === null) throw new NotOurPdf(`页面 ${page} 没有内容流或资源`);
    const fontDict = /\/Font\s*<<([^>]*)>>/.exec(outsideStrings(object(pdf.objects, resources).head))?.[1] ?? '';
    const fonts = new Map([...fontDict.matchAll(/\/(\S+)\s+(\d+) 0 R/g)].map((m) => [m[1]!, Number(m[2])]));
    return linesOf(latin1.decode(streamData(object(pdf.objects, contents))), (name) => {
      const font = fonts.get(name);
      if (font === undefined) throw new NotOurPdf(`页面 ${page} 用到未定义的字体 /${name}`);
      return toUnicode(font);
    });
  });
}

/** A PDF matrix [a b c d e f]. */
type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** `m` applied first, then `n` (PDF's `cm`: the new matrix times the current one). */
function times(m: Matrix, n: Matrix): Matrix {
  return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3], m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3], m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]];
}

/**
 * Text objects in drawing order: where each starts on the page (its `Tm` point through the
 * graphics state's `cm` matrices, kept across `q`/`Q`: pdfkit flips the page, and moves a
 * vertically centred cell's text with a `cm` of its own; y runs up from the page's foot), and
 * the text of `TJ`/`Tj`.
 */
function linesOf(content: string, font: (name: string) => Map<number, string>): PageLine[] {
  const lines: PageLine[] = [];
  const saved: Matrix[] = [];
  let ctm = IDENTITY;
  for (const op of content.matchAll(/\bBT\b([\s\S]*?)\bET\b|((?:-?[\d.]+\s+){6})cm\b|(?<![/\w])([qQ])(?!\w)/g)) {
    if (op[3] === 'q') saved.push(ctm);
    else if (op[3] === 'Q') ctm = saved.pop() ?? IDENTITY;
    else if (op[2] !== undefined) ctm = times(op[2].trim().split(/\s+/).map(Number) as Matrix, ctm);
    else lines.push(textObject(op[1]!, ctm, font));
  }
  return lines;
}

function textObject(body: string, ctm: Matrix, font: (name: string) => Map<number, string>): PageLine {
  const tm = /(-?[\d.]+)\s+(-?[\d.]+)\s+Tm/.exec(body);
  let map: Map<number, string> | null = null;
  let text = '';
  for (const op of body.matchAll(/\/(\S+)\s+[\d.]+\s+Tf|\[([^\]]*)\]\s*TJ|<([0-9a-fA-F\s]*)>\s*Tj/g)) {
    if (op[1] !== undefined) map = font(op[1]);
    else {
      if (!map) throw new NotOurPdf('文字没有先选字体');
      const hex = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F\s]*)>/g)].map((m) => m[1]!).join('') : op[3]!;
      text += decodeCodes(hex.replace(/\s/g, ''), map);
    }
  }
  const [x, y] = [Number(tm?.[1] ?? 0), Number(tm?.[2] ?? 0)];
  return { x: ctm[0] * x + ctm[2] * y + ctm[4], y: ctm[1] * x + ctm[3] * y + ctm[5], text };
}

/** Two-byte glyph codes (Identity-H) → their characters; a code the map lacks becomes U+FFFD. */
function decodeCodes(hex: string, map: Map<number, string>): string {
  let s = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) s += map.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\ufffd';
  return s;
}

/** A Type0 font's /ToUnicode map: `bfchar` entries and `bfrange`s (with a start value or an array). */
function cmapOf(pdf: ParsedPdf, font: number): Map<number, string> {
  const at = refIn(outsideStrings(object(pdf.objects, font).head), 'ToUnicode');
  if (at === null) throw new NotOurPdf(`字体 ${font} 没有 /ToUnicode`);
  const text = latin1.decode(streamData(object(pdf.objects, at)));
  const map = new Map<number, string>();
  for (const section of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of section[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) map.set(parseInt(m[1]!, 16), utf16(m[2]!));
  }
  for (const section of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of section[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(?:\[([^\]]*)\]|<([0-9a-fA-F]*)>)/g)) {
      const first = parseInt(m[1]!, 16);
      const last = parseInt(m[2]!, 16);
      if (m[3] !== undefined) {
        [...m[3].matchAll(/<([0-9a-fA-F]*)>/g)].forEach((v, i) => first + i <= last && map.set(first + i, utf16(v[1]!)));
      } else {
        const start = parseInt(m[4]!, 16);
        for (let c = first; c <= last && c - first < 0x10000; c++) map.set(c, String.fromCharCode(start + c - first));
      }
    }
  }
  return map;
}

function utf16(hex: string): string {
  const units: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
}
