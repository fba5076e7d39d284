/**
 * A pubtable OFD as input: like its PDF, it carries the records it was made from as an
 * attachment (GB/T 33190 §19: Document.xml → Attachments.xml → the attachment's FileLoc),
 * canonical JSON read back exactly. The package is checked against ZIP bombs before any
 * entry is unpacked; an OFD without the records (someone else's) is refused with a message.
 */
import JSZip from 'jszip';
import { dirname, posix } from 'node:path';
import { SaxesParser } from 'saxes';
import { InputError } from '../../model/diagnostic.js';
import { readCanonical } from '../canonical/reader.js';
import { recordsLabel } from '../pdf/records.js';
import type { ReadResult } from '../read-result.js';
import { checkZipLimits } from '../zip-limits.js';

/** An element of an OFD XML file: its local name (without `ofd:`), attributes and text. */
interface OfdElement {
  name: string;
  attributes: Record<string, string>;
  text: string;
}

/** The name pubtable gives the records it attaches (render/ofd, pipeline/layouts.ts). */
const RECORDS_NAME = /\.pubtable\.json$/;

export async function readOfdRecords(bytes: Uint8Array, file: string): Promise<ReadResult> {
  checkZipLimits(bytes, file, { code: 'OFD_TOO_LARGE', what: 'OFD 文件' });
  const notOurs = (why: string): never => {
    throw new InputError('OFD_NOT_PUBTABLE', `这不是可读取的 OFD 文件（${why}），无法读出其中的记录`, { file });
  };
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return notOurs('不是 ZIP 包');
  }
  const read = async (path: string): Promise<OfdElement[]> => {
    const entry = zip.file(path);
    if (!entry) return notOurs(`缺少 ${path}`);
    return elements(await entry.async('string'), path, notOurs);
  };
  const docRoot = (await read('OFD.xml')).find((e) => e.name === 'DocRoot')?.text.trim();
  if (!docRoot) return notOurs('OFD.xml 中没有 DocRoot');
  const documentPath = resolve('', docRoot);
  const list = (await read(documentPath)).find((e) => e.name === 'Attachments')?.text.trim();
  const noRecords = () => {
    throw new InputError('OFD_NO_RECORDS', 'OFD 中没有内附的记录（.pubtable.json）：只有 pubtable 生成的 OFD 带有记录', { file });
  };
  if (!list) return noRecords();
  const listPath = resolve(dirname(documentPath), list);
  const entries = await read(listPath);
  // Each Attachment is followed by its FileLoc.
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.name !== 'Attachment' || !RECORDS_NAME.test(e.attributes.Name ?? '')) continue;
    const loc = entries.slice(i + 1).find((x) => x.name === 'FileLoc')?.text.trim();
    const data = loc ? zip.file(resolve(dirname(listPath), loc)) : null;
    if (!data) return notOurs(`附件“${e.attributes.Name}”的文件不在包中`);
    return readCanonical(await data.async('string'), recordsLabel(file));
  }
  return noRecords();
}

/** An OFD location (ST_Loc): absolute from the package root, or relative to the file that names it. */
function resolve(base: string, loc: string): string {
  return (loc.startsWith('/') ? posix.normalize(loc) : posix.join(base, loc)).replace(/^\/+/, '');
}

/** The elements of an XML file in document order; malformed XML is refused. */
function elements(xml: string, path: string, notOurs: (why: string) => never): OfdElement[] {
  const out: OfdElement[] = [];
  const open: OfdElement[] = [];
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const element = { name: tag.name.replace(/^.*:/, ''), attributes: tag.attributes as Record<string, string>, text: '' };
    out.push(element);
    open.push(element);
  });
  parser.on('text', (t) => {
    const current = open.at(-1);
    if (current) current.text += t;
  });
  parser.on('closetag', () => open.pop());
  try {
    parser.write(xml).close();
  } catch (e) {
    return notOurs(`${path} 不是合式的 XML：${(e as Error).message}`);
  }
  return out;
}
