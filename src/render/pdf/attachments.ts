/**
 * The layout's attachments (the records, as canonical JSON) embedded as associated files.
 *
 * pdfmake's `files` take paths and URLs only; pdfkit's `doc.file` takes the data whole,
 * checks it with a JavaScript MD5 and deflates it, and can only be called once the pages are
 * drawn (the objects' numbers follow the order they are made in). Until then a
 * 10,000-project table's records, ≈ 28 million characters, were held as text (≈ 54 MB, through
 * the PDF thread's peak), and the MD5 took ≈ 0.23 s at the end. So each attachment is packed
 * before the layout — its UTF-8 bytes checked with Node's MD5 and deflated as pdfkit would
 * (zlib, default options), ≈ 2.6 MB kept — and embedded at the end as `doc.file` embeds it:
 * the same objects, keys in the same order, the same bytes.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { PdfKitDocument } from 'pdfmake';
import type { Attachment, PdfStandard } from '../../layout/types.js';

/** An attachment as it will be embedded: its data already deflated. */
export interface PackedAttachment {
  name: string;
  mime: string;
  description: string;
  /** Of the UTF-8 bytes: /Params /CheckSum (hex MD5) and /Size. */
  checksum: string;
  size: number;
  /** The embedded stream, /Filter /FlateDecode. */
  deflated: Buffer;
}

/**
 * What of the attachments the PDF will carry. PDF/A-2 allows only PDF/A files inside, so
 * under it the records stay out; PDF/A-3 and plain PDF carry them.
 */
export function packAttachments(attachments: readonly Attachment[], standard: PdfStandard): PackedAttachment[] {
  if (standard === 'a-2b') return [];
  return attachments.map(({ name, mime, description, text }) => {
    const data = Buffer.from(text, 'utf8');
    return { name, mime, description, checksum: createHash('md5').update(data).digest('hex'), size: data.byteLength, deflated: deflateSync(data) };
  });
}

/** pdfkit's document as `doc.file` uses it (pdfkit 0.19, lib/mixins/attachments.js). */
interface KitInternals {
  ref(data: object): KitReference;
  addNamedEmbeddedFile(name: string, ref: KitReference): void;
  _root: { data: { AF?: KitReference[] } };
}
interface KitReference {
  data: Record<string, unknown>;
  compress: boolean;
  write(chunk: Uint8Array): void;
  finalize(): void;
  end(): void;
}

/**
 * Embeds each file, marked as the data the document shows (/AFRelationship /Data), dated
 * `date` (else pdfkit would take the clock's), listed in the name tree and in /AF.
 */
export function attachFiles(doc: PdfKitDocument, attachments: readonly PackedAttachment[], date: Date): void {
  const kit = doc as unknown as KitInternals;
  for (const a of attachments) {
    const file = kit.ref({
      Type: 'EmbeddedFile',
      Params: { CreationDate: date, ModDate: date, CheckSum: new String(a.checksum), Size: a.size },
      Subtype: pdfName(a.mime),
    });
    // pdfkit adds /Length as the first chunk is written, then /Filter: the same order here.
    // (The stream is deflated even in a PDF written uncompressed, where pdfkit's would not be.)
    file.compress = false;
    file.write(a.deflated);
    file.data.Filter = 'FlateDecode';
    file.finalize();
    const spec = kit.ref({
      Type: 'Filespec',
      AFRelationship: 'Data',
      F: new String(a.name),
      EF: { F: file },
      UF: new String(a.name),
      ...(a.description ? { Desc: new String(a.description) } : {}),
    });
    spec.end();
    kit.addNamedEmbeddedFile(a.name, spec);
    (kit._root.data.AF ??= []).push(spec);
  }
}

/** A PDF name as pdfkit writes one: delimiters, `#`, `%`, controls and spaces as `#XX`. */
function pdfName(s: string): string {
  return s.replace(/[\u0000-\u0020\u007f#%()/<>[\]{}]/g, (c) => `#${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
