/**
 * Layout tree → .docx: one section (A4, the layout's orientation and margins), the body's
 * paragraphs and real Word tables (./table.ts), header and footer with PAGE/NUMPAGES
 * fields. Text and styles: ./text.ts. docx builds the document with a placeholder
 * paragraph for each table; the tables' XML replaces them in word/document.xml.
 *
 * The output is byte-for-byte reproducible. docx itself is, except for the dates it
 * stamps on docProps/core.xml and on the zip entries: pubtable zips the parts itself
 * (../zip.ts), with doc.meta.created as the date of both.
 */
import { Document, Footer, Header, Packer, PageOrientation, Paragraph as WordParagraph, TextRun, type FileChild } from 'docx';
import { A4_MM, bandHeight, PT_PER_MM } from '../../layout/page.js';
import type { Block, Paragraph } from '../../layout/types.js';
import { pageFlow } from '../page-flow.js';
import type { Renderer } from '../renderer.js';
import { spacer, TWIPS_PER_PT, WordText } from './text.js';
import { wordTableXml } from './table.js';
import { unzipParts, zipParts, type ZipParts } from '../zip.js';
import { withSharedParts } from './shared-parts.js';

const TWIPS_PER_MM = TWIPS_PER_PT * PT_PER_MM;
/** A4 portrait in twips (11906 × 16838); docx swaps the two itself for a landscape section. */
const A4 = { width: twips(A4_MM.short), height: twips(A4_MM.long) };

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

  const { children, tables } = body(doc.body, text, textWidth);
  const header = doc.header.length > 0 ? new Header({ children: doc.header.map((p) => text.paragraph(p)) }) : undefined;
  const footer = doc.footer.length > 0 ? new Footer({ children: doc.footer.map((p) => text.paragraph(p)) }) : undefined;

  // The options besides the sections and the metadata: the parts made from them alone are
  // formatted once per process (./shared-parts.ts), this JSON their key.
  const shared = {
    styles: {
      default: { document: { run: text.defaultRun() } },
      paragraphStyles: text.styleDefinitions(),
    },
    // Without it Word stretches a justified line that ends in a line break across the cell.
    compatibility: { doNotExpandShiftReturn: true },
  };
  const document = new Document({
    title: doc.meta.title,
    subject: doc.meta.subject,
    creator: doc.meta.author,
    lastModifiedBy: 'pubtable',
    ...shared,
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

  const date = w3cdtf(doc.meta.created);
  const bytes = await zipParts(await packageParts(document, JSON.stringify(shared)), doc.meta.created, {
    'docProps/core.xml': (xml) => xml.replace(/(<dcterms:(?:created|modified)\b[^>]*>)[^<]*/g, `$1${date}`),
    'word/document.xml': (xml) => placeTables(xml, tables),
  });
  return { bytes, warnings: text.warnings.items };
};

/** What docx 9.15.2 packs with: it writes the parts (`compile`), then zips them. */
interface PartCompiler {
  compile(file: Document): Map<string, string | Uint8Array>;
}

/**
 * The document's parts, unzipped. Packer only gives them zipped, which on a large
 * document is seconds of compressing them only to inflate them again for the archive of
 * our own; so docx's compiler (not public API) is asked for them directly, the parts made
 * from `sharedKey`'s options alone formatted once (./shared-parts.ts). Should it no longer
 * be there (another docx version), Packer zips and the archive is read back: the same
 * parts, slower.
 */
async function packageParts(document: Document, sharedKey: string): Promise<ZipParts> {
  const compiler = (Packer as unknown as { compiler?: Partial<PartCompiler> }).compiler;
  if (typeof compiler?.compile === 'function') return withSharedParts(sharedKey, () => compiler.compile!(document));
  return unzipParts(new Uint8Array(await Packer.toBuffer(document)));
}

/**
 * A table's place in the document docx writes: a paragraph of its own (no style, which
 * every layout paragraph has) holding its number between two private-use characters.
 */
const placeholder = (n: number) => new WordParagraph({ children: [new TextRun(`\uE000${n}\uE001`)] });
const PLACEHOLDER = /<w:p><w:r><w:t xml:space="preserve">\uE000(\d+)\uE001<\/w:t><\/w:r><\/w:p>/;

/** word/document.xml with each table's XML in place of its placeholder. */
function placeTables(xml: string, tables: string[][]): string {
  // Split with the group: text, table number, text, …
  const pieces: string[] = xml.split(new RegExp(PLACEHOLDER, 'g'));
  if (pieces.length !== 2 * tables.length + 1) throw new Error('docx 写出的表格占位段落与表格数不符');
  const out: string[] = [];
  pieces.forEach((piece, i) => {
    if (i % 2 === 0) out.push(piece);
    else for (const row of tables[Number(piece)]!) out.push(row);
  });
  return out.join('');
}

/**
 * Body blocks → Word blocks, and the tables' XML. A page break becomes "page break before"
 * on what follows (a break paragraph would leave an empty line at the top of the new
 * page); where a table or nothing follows, a spacer paragraph carries it.
 */
function body(blocks: Block[], text: WordText, textWidth: number): { children: FileChild[]; tables: string[][] } {
  const children: FileChild[] = [];
  const tables: string[][] = [];
  let afterTable = false;
  for (const item of pageFlow(blocks)) {
    if (item.kind === 'emptyPage') {
      children.push(spacer(true));
      afterTable = false;
    } else if (item.block.kind === 'paragraph') {
      children.push(text.paragraph(item.block, item.breakBefore));
      afterTable = false;
    } else {
      // Word would join two tables with nothing between them into one.
      if (item.breakBefore || afterTable) children.push(spacer(item.breakBefore));
      children.push(placeholder(tables.length));
      tables.push(wordTableXml(item.block, text, textWidth));
      afterTable = true;
    }
  }
  if (children.length === 0 || afterTable) children.push(spacer(false));
  return { children, tables };
}

/**
 * Twips from the page edge to the header or footer: its estimated height centred in the
 * margin, as the PDF places it. Word moves the body away if the band turns out taller.
 */
function bandDistance(margin: number, paragraphs: Paragraph[]): number {
  return Math.max(0, Math.round((margin - bandHeight(paragraphs) * TWIPS_PER_PT) / 2));
}

function twips(mm: number): number {
  return Math.round(mm * TWIPS_PER_MM);
}

/** core.xml's date format, in whole seconds as Word writes it. */
function w3cdtf(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
