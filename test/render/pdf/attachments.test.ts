/**
 * The records embedded from their packed form (src/render/pdf/attachments.ts): the PDF is the
 * one pdfkit's own `doc.file` makes from the text, byte for byte, and what is kept while the
 * pages are laid out is the deflated data, not the text.
 */
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import PdfDocumentModule from 'pdfmake/js/PDFDocument.js';
import { describe, expect, it } from 'vitest';
import type { PdfKitDocument } from 'pdfmake';
import type { Attachment } from '../../../src/layout/types.js';
import { pdfmakeExport } from '../../../src/render/paged/pdfmake-module.js';
import { attachFiles, packAttachments } from '../../../src/render/pdf/attachments.js';

type Kit = PdfKitDocument & { end(): void; on(event: string, f: (chunk?: Buffer) => void): void };
const PdfDocument = pdfmakeExport<new (...args: unknown[]) => Kit>(PdfDocumentModule);

const date = new Date(Date.UTC(2025, 0, 1));
const attachments: Attachment[] = [
  { name: '番禺区人社局2025.pubtable.json', mime: 'application/json', description: '本表所依据的记录', text: `{"项目":"产业人才发展专项资金","金额":"3105.64"}\n`.repeat(2000) },
  // A type with characters a PDF name must escape, and no description (pdfkit then writes no /Desc).
  { name: 'notes (2).txt', mime: 'text/plain; charset=utf-8', description: '', text: '更正说明：第3条指标的目标值由“≥95%”改为“≥98%”。' },
];

/** The bytes of a compressed PDF with fixed dates, after `attach` has embedded the files. */
function pdfWith(attach: (doc: Kit) => void): Promise<Buffer> {
  const doc = new PdfDocument({}, {}, {}, {}, { compress: true, info: { CreationDate: date, ModDate: date } });
  const chunks: Buffer[] = [];
  doc.on('data', (c) => chunks.push(c!));
  return new Promise((resolve) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    attach(doc);
    doc.end();
  });
}

describe('attachments packed before the layout', () => {
  it('embed as pdfkit’s doc.file embeds the text: the same PDF, byte for byte', async () => {
    const ours = await pdfWith((doc) => attachFiles(doc, packAttachments(attachments, 'a-3b'), date));
    const pdfkits = await pdfWith((doc) => {
      for (const a of attachments) {
        const options = { name: a.name, type: a.mime, description: a.description, relationship: 'Data', creationDate: date, modifiedDate: date };
        doc.file(Buffer.from(a.text, 'utf8'), options);
      }
    });
    expect(ours.toString('latin1')).toContain('/Subtype /text#2Fplain;#20charset=utf-8');
    expect(ours.equals(pdfkits)).toBe(true);
  });

  it('keep the deflated UTF-8 bytes, their MD5 and size, and none of the text', () => {
    const [packed] = packAttachments(attachments, 'none');
    const bytes = Buffer.from(attachments[0]!.text, 'utf8');
    expect(inflateSync(packed!.deflated).equals(bytes)).toBe(true);
    expect(packed!.checksum).toBe(createHash('md5').update(bytes).digest('hex'));
    expect(packed!.size).toBe(bytes.byteLength);
    expect(packed!.deflated.byteLength).toBeLessThan(bytes.byteLength / 10);
    expect(Object.values(packed!)).not.toContain(attachments[0]!.text);
  });

  it('are left out under PDF/A-2b, which allows only PDF/A files inside', () => {
    expect(packAttachments(attachments, 'a-2b')).toEqual([]);
    expect(packAttachments(attachments, 'a-3b')).toHaveLength(2);
  });
});
