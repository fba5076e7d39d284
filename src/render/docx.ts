/**
 * Layout tree → .docx: one section (A4, the layout's orientation and margins), the body's
 * paragraphs and real Word tables (./docx-table.ts), header and footer with PAGE/NUMPAGES
 * fields. Text and styles: ./docx-text.ts.
 *
 * The output is byte-for-byte reproducible. docx itself is, except for the dates it
 * stamps on docProps/core.xml and on the zip entries: both are set to doc.meta.created
 * when the archive is repacked.
 */
import { Document, Footer, Header, Packer, PageOrientation, Table as WordTable, type FileChild } from 'docx';
import type { Block, Paragraph, Renderer } from '../layout/types.js';
import { spacer, TWIPS_PER_PT, WordText } from './docx-text.js';
import { wordTable } from './docx-table.js';
import { normalizeZip } from './zip-normalize.js';

/** A4 portrait in twips; docx swaps the two itself for a landscape section. */
const A4 = { width: 11906, height: 16838 };
const TWIPS_PER_MM = 1440 / 25.4;

export const renderDocx: Renderer = async (doc) => {
  const text = new WordText(doc.fonts);
  const { orientation, margins } = doc.page;
  const landscape = orientation === 'landscape';
  const m = {
    top: twips(margins.top),
    right: twips(margins.right),
    bottom: twips(margins.bottom),
    left: twips(margins.left),
  };
  const textWidth = (landscape ? A4.height : A4.width) - m.left - m.right;

  const children = body(doc.body, text, textWidth);
  const header = doc.header.length > 0 ? new Header({ children: doc.header.map((p) => text.paragraph(p)) }) : undefined;
  const footer = doc.footer.length > 0 ? new Footer({ children: doc.footer.map((p) => text.paragraph(p)) }) : undefined;

  const document = new Document({
    title: doc.meta.title,
    subject: doc.meta.subject,
    creator: doc.meta.author,
    lastModifiedBy: 'pubtable',
    styles: {
      // Chinese line-breaking and proofing for East Asian text, as the PDF declares zh-CN.
      default: { document: { run: { language: { eastAsia: 'zh-CN' } } } },
      paragraphStyles: text.styleDefinitions(),
    },
    // Without it Word stretches a justified line that ends in a line break across the cell.
    compatibility: { doNotExpandShiftReturn: true },
    sections: [
      {
        properties: {
          page: {
            size: { ...A4, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
            margin: {
              ...m,
              header: bandDistance(m.top, doc.header),
              footer: bandDistance(m.bottom, doc.footer),
              gutter: 0,
            },
          },
        },
        headers: header && { default: header },
        footers: footer && { default: footer },
        children,
      },
    ],
  });

  const packed = await Packer.toBuffer(document);
  const date = w3cdtf(doc.meta.created);
  const bytes = await normalizeZip(new Uint8Array(packed), doc.meta.created, {
    'docProps/core.xml': (xml) => xml.replace(/(<dcterms:(?:created|modified)\b[^>]*>)[^<]*/g, `$1${date}`),
    // Word writes a continuation cell as a bare <w:vMerge/>; so does pubtable (same meaning).
    'word/document.xml': (xml) => xml.replaceAll('<w:vMerge w:val="continue"/>', '<w:vMerge/>'),
  });
  return { bytes, warnings: text.warnings };
};

/**
 * Body blocks → Word blocks. A page break becomes "page break before" on what follows
 * (a break paragraph would leave an empty line at the top of the new page); where a
 * table or nothing follows, a spacer paragraph carries it.
 */
function body(blocks: Block[], text: WordText, textWidth: number): FileChild[] {
  const out: FileChild[] = [];
  let breakBefore = false;
  for (const block of blocks) {
    if (block.kind === 'pagebreak') {
      // Two breaks in a row mean an empty page: give it a spacer to stand on.
      if (breakBefore) out.push(spacer(true));
      breakBefore = true;
      continue;
    }
    if (block.kind === 'paragraph') {
      out.push(text.paragraph(block, breakBefore));
    } else {
      const table = wordTable(block, text, textWidth);
      if (!table) continue;
      if (breakBefore || out.at(-1) instanceof WordTable) out.push(spacer(breakBefore));
      out.push(table);
    }
    breakBefore = false;
  }
  if (breakBefore || out.length === 0 || out.at(-1) instanceof WordTable) out.push(spacer(breakBefore));
  return out;
}

/**
 * Twips from the page edge to the header or footer: its estimated height centred in the
 * margin, as the PDF places it. Word moves the body away if the band turns out taller.
 */
function bandDistance(margin: number, paragraphs: Paragraph[]): number {
  const height = paragraphs.reduce((sum, p) => {
    const lines = 1 + p.runs.filter((r) => r.kind === 'break').length;
    return sum + lines * p.style.size * p.style.lineHeight + p.style.spaceBefore + p.style.spaceAfter;
  }, 0);
  return Math.max(0, Math.round((margin - height * TWIPS_PER_PT) / 2));
}

function twips(mm: number): number {
  return Math.round(mm * TWIPS_PER_MM);
}

/** core.xml's date format, in whole seconds as Word writes it. */
function w3cdtf(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
