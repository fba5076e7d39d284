/**
 * Edits a pubtable PDF the way someone altering a published file would: one object's data
 * changed, the file written out again with a correct xref, so that readers open it as if
 * nothing happened. For the tests of `pubtable verify`.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { parsePdf } from '../../src/ingest/pdf/objects.js';

const latin1 = new TextDecoder('latin1');
const bytesOf = (s: string) => Buffer.from(s, 'latin1');

/**
 * `edit` gets each stream object's head and inflated data and returns new data (or null to
 * leave it); the streams it changes are deflated again.
 */
export function editPdfStreams(pdf: Uint8Array, edit: (head: string, data: Buffer) => Buffer | null): Buffer {
  const parsed = parsePdf(pdf);
  const text = latin1.decode(pdf);
  const trailer = text.slice(text.lastIndexOf('trailer'), text.lastIndexOf('startxref'));
  const parts: Buffer[] = [bytesOf('%PDF-1.7\n%\xff\xff\xff\xff\n')];
  let offset = parts[0]!.length;
  const offsets: number[] = [];
  const size = Math.max(...parsed.objects.keys()) + 1;
  for (let n = 1; n < size; n++) {
    const o = parsed.objects.get(n)!;
    let head = o.head;
    let stream = o.stream ? Buffer.from(o.stream) : null;
    if (stream && /\/Filter \/FlateDecode/.test(head)) {
      const changed = edit(head, inflateSync(stream));
      if (changed) {
        stream = deflateSync(changed);
        head = head.replace(/\/Length \d+/, `/Length ${stream.length}`);
      }
    }
    const obj = Buffer.concat([bytesOf(`${n} 0 obj\n${head}\n`), ...(stream ? [bytesOf('stream\n'), stream, bytesOf('\nendstream\n')] : []), bytesOf('endobj\n')]);
    offsets.push(offset);
    parts.push(obj);
    offset += obj.length;
  }
  const xref = ['xref', `0 ${size}`, '0000000000 65535 f ', ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `)].join('\n');
  parts.push(bytesOf(`${xref}\n${trailer}startxref\n${offset}\n%%EOF\n`));
  return Buffer.concat(parts);
}
