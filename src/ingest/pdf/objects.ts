/**
 * Reading back a PDF pubtable's writer made (pdfkit's classic layout: one xref table, every object
 * at the offset it lists, no object streams), as much as merging needs: each object's
 * dictionary text and raw stream bytes, the catalog, the pages in order, the outline's top
 * entries. Anything else is refused: the merge and the records reader (./records.ts) take
 * pubtable's own files only.
 */
import { inflateSync } from 'node:zlib';
import { MAX_UNPACKED_BYTES } from '../zip-limits.js';

export interface PdfObject {
  /** The object's text before `stream` (or all of it), as latin1: dictionaries, arrays, strings. */
  head: string;
  /** `stream … endstream` exactly as in the file, or null. */
  stream: Uint8Array | null;
}

export interface ParsedPdf {
  objects: Map<number, PdfObject>;
  root: number;
  /** The pages tree's root and its pages, in order. */
  pagesRoot: number;
  pages: number[];
  /** The outline's root, if it has one. */
  outlines: number | null;
}

export class NotOurPdf extends Error {}

const latin1 = new TextDecoder('latin1');

export function parsePdf(bytes: Uint8Array): ParsedPdf {
  const tail = latin1.decode(bytes.subarray(Math.max(0, bytes.length - 2048)));
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!start) throw new NotOurPdf('没有 startxref');
  const xrefAt = Number(start[1]);
  const table = latin1.decode(bytes.subarray(xrefAt, bytes.length));
  const head = /^xref\s+0 (\d+)\s+/.exec(table);
  if (!head) throw new NotOurPdf('没有经典的 xref 表');
  const count = Number(head[1]);
  const objects = new Map<number, PdfObject>();
  for (let n = 1; n < count; n++) {
    const entry = table.substr(head[0].length + n * 20, 20);
    const m = /^(\d{10}) (\d{5}) ([nf])/.exec(entry);
    if (!m) throw new NotOurPdf(`xref 第 ${n} 项无法读取`);
    if (m[3] === 'n') objects.set(n, readObject(bytes, Number(m[1]), n));
  }
  const trailer = table.slice(table.indexOf('trailer'));
  const root = refIn(trailer, 'Root');
  if (root === null) throw new NotOurPdf('trailer 中没有 /Root');
  const catalog = object(objects, root).head;
  const pagesRoot = refIn(catalog, 'Pages');
  if (pagesRoot === null) throw new NotOurPdf('目录中没有 /Pages');
  const pagesHead = object(objects, pagesRoot).head;
  // Pages inherit nothing from a pdfkit pages root, and it lists them flat: anything else is not ours.
  if (/\/(Resources|MediaBox|CropBox|Rotate)\b/.test(pagesHead)) throw new NotOurPdf('页面树带有继承属性');
  const pages = refsOf(/\/Kids\s*\[([^\]]*)\]/.exec(pagesHead)?.[1] ?? '');
  for (const p of pages) if (!/\/Type\s*\/Page\b/.test(object(objects, p).head)) throw new NotOurPdf('页面树不是单层的');
  return { objects, root, pagesRoot, pages, outlines: refIn(catalog, 'Outlines') };
}

function readObject(bytes: Uint8Array, offset: number, n: number): PdfObject {
  // Dictionaries are short (a font's widths can run to tens of kB); a stream's data is
  // skipped by its /Length, never scanned.
  let probe = '';
  for (let size = 1024; ; size *= 8) {
    probe = latin1.decode(bytes.subarray(offset, Math.min(bytes.length, offset + size)));
    if (/\bstream\r?\n|endobj/.test(probe) || offset + size >= bytes.length) break;
  }
  const open = new RegExp(`^${n} 0 obj\\s*`).exec(probe);
  if (!open) throw new NotOurPdf(`对象 ${n} 不在 xref 所说的位置`);
  const body = probe.slice(open[0].length);
  const streamAt = body.search(/\bstream\r?\n/);
  const endAt = body.indexOf('endobj');
  if (streamAt < 0 || (endAt >= 0 && endAt < streamAt)) {
    if (endAt < 0) throw new NotOurPdf(`对象 ${n} 没有 endobj`);
    return { head: body.slice(0, endAt).trimEnd(), stream: null };
  }
  const head = body.slice(0, streamAt).trimEnd();
  const length = /\/Length (\d+)(?! \d+ R)/.exec(head);
  if (!length) throw new NotOurPdf(`对象 ${n} 的流没有直接的 /Length`);
  const dataAt = offset + open[0].length + streamAt + /^stream\r?\n/.exec(body.slice(streamAt))![0].length;
  const end = dataAt + Number(length[1]);
  const after = latin1.decode(bytes.subarray(end, Math.min(bytes.length, end + 32)));
  if (!/^\s*endstream\s+endobj/.test(after)) throw new NotOurPdf(`对象 ${n} 的流长度不对`);
  return { head, stream: bytes.subarray(dataAt, end) };
}

/** A stream's data, inflated when it says /FlateDecode (within the readers' size limit). */
export function streamData(o: PdfObject): Uint8Array {
  if (!o.stream) throw new NotOurPdf('缺少流数据');
  if (!/\/Filter\s*\/FlateDecode\b/.test(o.head)) return o.stream;
  try {
    return inflateSync(o.stream, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch {
    throw new NotOurPdf(`压缩的流已损坏或解压后超过 ${MAX_UNPACKED_BYTES / 1024 / 1024} MB`);
  }
}

export function object(objects: Map<number, PdfObject>, n: number): PdfObject {
  const o = objects.get(n);
  if (!o) throw new NotOurPdf(`缺少对象 ${n}`);
  return o;
}

/** The object a key of a dictionary refers to (`/Key 12 0 R`), or null. */
export function refIn(text: string, key: string): number | null {
  const m = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(outsideStrings(text));
  return m ? Number(m[1]) : null;
}

function refsOf(text: string): number[] {
  return [...text.matchAll(/(\d+) 0 R/g)].map((m) => Number(m[1]));
}

/**
 * `text` with every `N 0 R` outside strings replaced by `map(N) 0 R`. Literal strings
 * (`(…)`, nested, with escapes) and hex strings (`<…>`) are copied as they are: a title
 * that reads `1 0 R` stays a title.
 */
export function mapRefs(text: string, map: (n: number) => number): string {
  return scan(text, (plain) => plain.replace(/(\d+) 0 R\b/g, (_, n: string) => `${map(Number(n))} 0 R`), (quoted) => quoted);
}

/** The text with its strings blanked, for finding keys and references. */
export function outsideStrings(text: string): string {
  return scan(text, (plain) => plain, (quoted) => (quoted.startsWith('<<') ? '<<' : ' '));
}

/** `text` rebuilt piece by piece: what lies outside strings and comments through `plain`, each string, comment or `<<` through `quoted`. */
function scan(text: string, plain: (s: string) => string, quoted: (s: string) => string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const next = text.slice(i).search(/[(<%]/);
    if (next < 0) return out + plain(text.slice(i));
    out += plain(text.slice(i, i + next));
    i += next;
    const end = stringEnd(text, i);
    out += quoted(text.slice(i, end));
    i = end;
  }
  return out;
}

/** Where the string (or comment, or `<<`) starting at `i` ends. */
function stringEnd(text: string, i: number): number {
  if (text[i] === '<') {
    if (text[i + 1] === '<') return i + 2;
    const close = text.indexOf('>', i);
    return close < 0 ? text.length : close + 1;
  }
  if (text[i] === '%') {
    const eol = text.slice(i).search(/[\r\n]/);
    return eol < 0 ? text.length : i + eol;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '(') depth++;
    else if (text[j] === ')' && --depth === 0) return j + 1;
  }
  return text.length;
}
