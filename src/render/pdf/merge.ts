/**
 * Several PDFs of this writer as one: every page of each, in order, and an outline whose top
 * entries are the parts (titled by the caller), each holding that part's own outline. The
 * pages are copied as they were made — nothing is laid out again — so merging hundreds of
 * departments' tables costs little more than copying their bytes, and only one part is
 * read at a time. The result is as reproducible as its parts.
 */
import { createHash } from 'node:crypto';
import { mapRefs, NotOurPdf, object, outsideStrings, parsePdf, refIn, type ParsedPdf } from '../../ingest/pdf/objects.js';

export { NotOurPdf } from '../../ingest/pdf/objects.js';

export interface MergePart {
  /** The part's top outline entry. */
  title: string;
  bytes: Uint8Array;
}

export interface MergeMeta {
  title: string;
  author: string;
  subject: string;
  created: Date;
}

const CATALOG = 1;
const PAGES = 2;
const OUTLINES = 3;
const INFO = 4;

/**
 * Writes the merged PDF through `write`, part by part: `count` parts (their entries' numbers
 * are set aside first, so each entry is written whole, linked to its neighbours), read one
 * at a time from `parts`. Memory holds one part, not the result.
 */
export async function mergePdfs(
  count: number,
  parts: AsyncIterable<MergePart> | Iterable<MergePart>,
  meta: MergeMeta,
  write: (chunk: Uint8Array) => Promise<void>,
): Promise<void> {
  const out = new Writer(write);
  await out.raw('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n');
  const itemOf = (i: number) => INFO + 1 + i;
  let next = INFO + 1 + count;
  const pages: number[] = [];
  let index = 0;
  for await (const part of parts) {
    if (index >= count) fail(`多于 ${count} 个部分`);
    let pdf: ParsedPdf;
    try {
      pdf = parsePdf(part.bytes);
    } catch (e) {
      throw e instanceof NotOurPdf ? new NotOurPdf(`“${part.title}”的 PDF 无法合并：${e.message}`) : e;
    }
    const item = itemOf(index);
    // Old numbers → new: the part's pages root becomes the merged one, its outline root the part's entry.
    const numbers = new Map<number, number>([[pdf.pagesRoot, PAGES]]);
    if (pdf.outlines !== null) numbers.set(pdf.outlines, item);
    for (const n of reachable(pdf)) if (!numbers.has(n)) numbers.set(n, next++);
    const map = (n: number) => numbers.get(n) ?? fail(`引用了不存在的对象 ${n}`);
    for (const [old, now] of numbers) {
      if (now === PAGES || now === item) continue;
      const o = object(pdf.objects, old);
      await out.object(now, mapRefs(o.head, map), o.stream);
    }
    pages.push(...pdf.pages.map(map));
    const first = map(pdf.pages[0] ?? fail('没有页面'));
    const siblings = `/Parent ${OUTLINES} 0 R${index > 0 ? ` /Prev ${itemOf(index - 1)} 0 R` : ''}${index < count - 1 ? ` /Next ${itemOf(index + 1)} 0 R` : ''}`;
    await out.object(item, entry(part.title, pdf, map, first, siblings));
    index++;
  }
  if (index !== count) fail(`只有 ${index} 个部分，应有 ${count} 个`);
  await out.object(PAGES, `<< /Type /Pages /Count ${pages.length} /Kids [${pages.map((p) => `${p} 0 R`).join(' ')}] >>`);
  const outline = count > 0 ? ` /First ${itemOf(0)} 0 R /Last ${itemOf(count - 1)} 0 R /Count ${count}` : '';
  await out.object(OUTLINES, `<< /Type /Outlines${outline} >>`);
  await out.object(CATALOG, `<< /Type /Catalog /Pages ${PAGES} 0 R /Outlines ${OUTLINES} 0 R /PageMode /UseOutlines /Lang (zh-CN) >>`);
  const date = `(D:${meta.created.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`;
  await out.object(INFO, `<< /Title ${text(meta.title)} /Author ${text(meta.author)} /Subject ${text(meta.subject)} /Creator (pubtable) /Producer (pubtable) /CreationDate ${date} /ModDate ${date} >>`);
  await out.finish(next, CATALOG, INFO);
}

function fail(why: string): never {
  throw new NotOurPdf(why);
}

/**
 * The objects the pages and the outline use, found by following references from them; the
 * catalog, the document information and named destinations are left behind. A page's
 * /Parent (the old pages root) is not followed.
 */
function reachable(pdf: ParsedPdf): number[] {
  const seen = new Set<number>([pdf.pagesRoot, pdf.root]);
  if (pdf.outlines !== null) seen.add(pdf.outlines);
  const order: number[] = [];
  const starts = [...pdf.pages];
  if (pdf.outlines !== null) {
    const o = outsideStrings(object(pdf.objects, pdf.outlines).head);
    starts.push(...[...o.matchAll(/\/(?:First|Last) (\d+) 0 R/g)].map((m) => Number(m[1])));
  }
  const stack = starts.reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    order.push(n);
    const refs = [...outsideStrings(object(pdf.objects, n).head).matchAll(/(\d+) 0 R\b/g)].map((m) => Number(m[1]));
    stack.push(...refs.reverse());
  }
  return order;
}

/** The part's top entry: its title, its first page, its own outline's entries under it (closed). */
function entry(title: string, pdf: ParsedPdf, map: (n: number) => number, firstPage: number, siblings: string): string {
  const own = `/Title ${text(title)} /Dest [${firstPage} 0 R /Fit] ${siblings}`;
  const root = pdf.outlines === null ? null : object(pdf.objects, pdf.outlines).head;
  const first = root === null ? null : refIn(root, 'First');
  const last = root === null ? null : refIn(root, 'Last');
  if (first === null || last === null) return `<< ${own} >>`;
  // Closed: /Count is minus what opening it shows — its children and their open descendants.
  let shown = 0;
  for (let n: number | null = first; n !== null; n = refIn(object(pdf.objects, n).head, 'Next')) {
    const count = Number(/\/Count (-?\d+)/.exec(outsideStrings(object(pdf.objects, n).head))?.[1] ?? 0);
    shown += 1 + Math.max(0, count);
  }
  return `<< ${own} /First ${map(first)} 0 R /Last ${map(last)} 0 R /Count -${shown} >>`;
}

/** A text string: UTF-16BE with its byte order mark, in hex (nothing to escape). */
function text(s: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

/** Objects written in turn, their offsets kept for the cross-reference table; the file's /ID hashes what was written. */
class Writer {
  private length = 0;
  private readonly offsets = new Map<number, number>();
  private readonly id = createHash('md5');

  constructor(private readonly sink: (chunk: Uint8Array) => Promise<void>) {}

  async raw(s: string | Uint8Array): Promise<void> {
    const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
    this.id.update(b);
    this.length += b.length;
    await this.sink(b);
  }

  async object(n: number, head: string, stream: Uint8Array | null = null): Promise<void> {
    this.offsets.set(n, this.length);
    await this.raw(`${n} 0 obj\n${head}\n`);
    if (stream !== null) {
      await this.raw('stream\n');
      await this.raw(stream);
      await this.raw('\nendstream\n');
    }
    await this.raw('endobj\n');
  }

  async finish(size: number, root: number, info: number): Promise<void> {
    const digest = this.id.digest('hex');
    let xref = `xref\n0 ${size}\n0000000000 65535 f \n`;
    for (let n = 1; n < size; n++) {
      const o = this.offsets.get(n) ?? fail(`对象 ${n} 没有写出`);
      xref += `${String(o).padStart(10, '0')} 00000 n \n`;
    }
    const trailer = `trailer\n<< /Size ${size} /Root ${root} 0 R /Info ${info} 0 R /ID [<${digest}> <${digest}>] >>\nstartxref\n${this.length}\n%%EOF\n`;
    await this.sink(Buffer.from(xref + trailer, 'latin1'));
  }
}
