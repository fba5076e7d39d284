/**
 * PDF/A (ISO 19005) on top of pdfkit.
 *
 * pdfkit's `subset: 'PDF/A-3b'` adds the pdfaid entries and an sRGB OutputIntent. What it
 * leaves to us: a PDF version that has an XMP stream at all (pdfmake asks for 1.3, which
 * gets none), XMP that agrees with the info dictionary (pdfkit writes no xmp:ModifyDate for
 * the info's ModDate, and puts the title and author into XML unescaped) and dc:language.
 * The records attached as associated files: ./attachments.ts.
 */
import type { PdfKitDocument } from 'pdfmake';
import type { Metadata, PdfStandard } from '../../layout/types.js';

/** What pdfmake's document definition needs for the standard. */
export function standardDefinition(standard: PdfStandard): { version?: string; subset?: string; displayTitle: boolean } {
  if (standard === 'none') return { displayTitle: true };
  // PDF/A-2 and -3 are both based on PDF 1.7.
  return { version: '1.7', subset: standard === 'a-3b' ? 'PDF/A-3b' : 'PDF/A-2b', displayTitle: true };
}

/**
 * Replaces pdfkit's XMP description of the document with one that escapes its text and
 * matches the info dictionary entry for entry (PDF/A-2/3 §6.6.2.3), plus the language.
 */
export function installXmp(doc: PdfKitDocument, meta: Metadata, language: string): void {
  const date = xmpDate(meta.created);
  const alt = (s: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${xmlText(s)}</rdf:li></rdf:Alt>`;
  const dc = [
    '<dc:format>application/pdf</dc:format>',
    meta.title ? `<dc:title>${alt(meta.title)}</dc:title>` : '',
    meta.author ? `<dc:creator><rdf:Seq><rdf:li>${xmlText(meta.author)}</rdf:li></rdf:Seq></dc:creator>` : '',
    meta.subject ? `<dc:description>${alt(meta.subject)}</dc:description>` : '',
    `<dc:language><rdf:Bag><rdf:li>${xmlText(language)}</rdf:li></rdf:Bag></dc:language>`,
  ].filter((x) => x !== '');
  doc._addInfo = () => {
    doc.appendXML(
      [
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
        `<xmp:CreateDate>${date}</xmp:CreateDate>`,
        `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
        `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
        '<xmp:CreatorTool>pubtable</xmp:CreatorTool>',
        '</rdf:Description>',
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        ...dc,
        '</rdf:Description>',
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
        '<pdf:Producer>pubtable</pdf:Producer>',
        '</rdf:Description>',
      ].join('\n'),
    );
  };
}

/** The info dictionary's dates are UTC to the second (`D:…Z`); XMP says the same instant. */
function xmpDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Text as XML character data; characters XML 1.0 cannot hold at all become U+FFFD. */
function xmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** An outline entry as pdfkit keeps it until the document ends. */
export interface PdfKitOutline {
  outlineData: { Dest?: unknown[] };
  children: PdfKitOutline[];
}

/**
 * pdfkit points every bookmark at `/XYZ width height 0`: the top of the page but its right
 * edge, so a viewer scrolls the page out of sight to the right. Moved to the left edge.
 */
export function openBookmarksAtLeft(outline: PdfKitOutline): void {
  const dest = outline.outlineData.Dest;
  if (dest?.[1] === 'XYZ') dest[2] = 0;
  for (const child of outline.children) openBookmarksAtLeft(child);
}
