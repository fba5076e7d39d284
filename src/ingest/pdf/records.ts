/**
 * A pubtable PDF as input: the records it was made from travel inside it as an associated
 * file (canonical JSON, /AFRelationship /Data, see src/render/pdf/archival.ts), so they are
 * read back exactly — never guessed from the page text. A PDF without them (someone else's, a
 * PDF/A-2b, or an older pubtable's) is refused with a message that says so.
 */
import { InputError } from '../../model/diagnostic.js';
import { readCanonical } from '../canonical/reader.js';
import type { ReadResult } from '../read-result.js';
import { NotOurPdf, object, outsideStrings, parsePdf, refIn, streamData, type ParsedPdf, type PdfObject } from './objects.js';

export function readPdfRecords(bytes: Uint8Array, file: string): ReadResult {
  const { text } = embeddedRecords(bytes, file);
  return readCanonical(text, recordsLabel(file));
}

/** How messages name a line of the records inside `file`: not a line of the PDF. */
export function recordsLabel(file: string): string {
  return `${file}（内附记录）`;
}

/** The records' JSON inside the PDF, and the parsed PDF (for ./page-text.ts). */
export function embeddedRecords(bytes: Uint8Array, file: string): { text: string; pdf: ParsedPdf } {
  let pdf: ParsedPdf;
  try {
    pdf = parsePdf(bytes);
  } catch (e) {
    if (e instanceof NotOurPdf) throw new InputError('PDF_NOT_PUBTABLE', `这不是 pubtable 生成的 PDF（${e.message}），无法读出其中的记录`, { file });
    throw e;
  }
  const stream = recordsStream(pdf);
  if (!stream) {
    throw new InputError(
      'PDF_NO_RECORDS',
      'PDF 中没有内附的记录（.pubtable.json）：只有 pubtable 以 --pdf-standard a-3b（默认）或 none 生成的 PDF 带有记录',
      { file },
    );
  }
  let data: Uint8Array;
  try {
    data = streamData(stream);
  } catch (e) {
    if (e instanceof NotOurPdf) throw new InputError('PDF_RECORDS_DAMAGED', `PDF 内附的记录无法读取：${e.message}`, { file });
    throw e;
  }
  return { text: new TextDecoder('utf-8').decode(data), pdf };
}

/** The first associated file the catalog lists as the document's data in JSON. */
function recordsStream(pdf: ParsedPdf): PdfObject | null {
  const catalog = outsideStrings(object(pdf.objects, pdf.root).head);
  const list = /\/AF\s*\[([^\]]*)\]/.exec(catalog)?.[1] ?? '';
  for (const m of list.matchAll(/(\d+) 0 R/g)) {
    const spec = outsideStrings(pdf.objects.get(Number(m[1]))?.head ?? '');
    if (!/\/AFRelationship\s*\/Data\b/.test(spec)) continue;
    const ef = /\/EF\s*<<([^>]*)>>/.exec(spec)?.[1] ?? '';
    const at = refIn(ef, 'F');
    const file = at === null ? undefined : pdf.objects.get(at);
    if (!file?.stream || !/\/Subtype\s*\/application#2Fjson\b/.test(file.head)) continue;
    return file;
  }
  return null;
}
