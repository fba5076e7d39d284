/**
 * PDF renderer: the neutral layout tree → a pdfmake document definition → PDF bytes.
 * Fonts are embedded as subsets (pdfmake's default for TrueType). The output is
 * byte-for-byte reproducible: dates come from doc.meta.created and nothing is random.
 *
 * The pages are laid out as for every page writer (../paged/: the definition, the fonts, the
 * line wrapping and shaping that make that fast); this file adds what only a PDF has.
 * Both give the glyphs, positions and line breaks pdfmake made on its own (for the example
 * and synthetic publications, page for page the same pixels); wrap.ts lists the corner
 * cases where it deliberately differs.
 *
 * Archival and accessible (./archival.ts, ./attachments.ts, ./tagging.ts): PDF/A-3b unless
 * the layout asks for another standard, the layout's attachments as associated files, a
 * structure tree with every drawn line marked as its paragraph's or cell's content and
 * everything else as an artifact.
 */
import pdfmake from 'pdfmake';
import type { LayoutDocument, PdfStandard } from '../../layout/types.js';
import type { Renderer, RenderResult } from '../renderer.js';
import type { PdfBuilder } from '../paged/builder.js';
import { pageDefinition } from '../paged/definition.js';
import { installXmp, openBookmarksAtLeft, standardDefinition, type PdfKitOutline } from './archival.js';
import { attachFiles, packAttachments, type PackedAttachment } from './attachments.js';
import { installBatchedWrites } from './batched-writes.js';
import { installDrawnPagesRelease } from './drawn-pages.js';
import { installTagging } from './tagging.js';

/** The tables' language (/Lang, dc:language): screen readers pick their voice by it. */
const LANGUAGE = 'zh-CN';

/**
 * The layout tree is read only while the definition is made: the rest of the render (pdfmake
 * laying out and drawing, seconds for a large table) holds only what it needs of it, so the
 * tree can be let go (≈ 40 MB of a 10,000-project table's is not shared with the definition),
 * and its attachments are kept packed (./attachments.ts).
 */
export const renderPdf: Renderer = (doc) => {
  try {
    const standard = doc.pdfStandard ?? 'a-3b';
    const attachments = packAttachments(doc.attachments ?? [], standard);
    const { output, builder } = startPdf(doc, standard);
    return finishPdf(output, builder, { meta: doc.meta, attachments, standard });
  } catch (e) {
    return Promise.reject(e as Error);
  }
};

function startPdf(doc: LayoutDocument, standard: PdfStandard): { output: pdfmake.OutputDocument; builder: PdfBuilder } {
  const { fonts, builder, layout } = pageDefinition(doc, 'PDF');
  installTagging();
  installBatchedWrites();
  installDrawnPagesRelease();
  const definition = {
    ...standardDefinition(standard),
    // Marked content and the structure tree (./tagging.ts); also /MarkInfo << /Marked true >>.
    tagged: true,
    language: LANGUAGE,
    info: {
      title: doc.meta.title,
      subject: doc.meta.subject,
      author: doc.meta.author,
      creator: 'pubtable',
      producer: 'pubtable',
      // Fixed dates make the trailer /ID (a hash of the info dictionary) reproducible too.
      creationDate: doc.meta.created,
      modDate: doc.meta.created,
    },
    ...layout,
  };

  // pdfmake is a process-wide singleton; createPdf captures fonts and policies synchronously,
  // so concurrent renders with different fonts do not interfere.
  const allowed = fonts.paths();
  pdfmake.setFonts(fonts.descriptors());
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => allowed.has(path));
  return { output: createPdf(definition, { fontLayoutCache: false }), builder };
}

async function finishPdf(
  output: pdfmake.OutputDocument,
  builder: PdfBuilder,
  { meta, attachments, standard }: { meta: LayoutDocument['meta']; attachments: PackedAttachment[]; standard: PdfStandard },
): Promise<RenderResult> {
  const kit = await output.getStream();
  if (standard !== 'none') installXmp(kit, meta, LANGUAGE);
  attachFiles(kit, attachments, meta.created);
  openBookmarksAtLeft(kit.outline as PdfKitOutline);
  const bytes = await output.getBuffer();
  return { bytes, warnings: builder.warnings.items };
}

/**
 * pdfmake's createPdf with its options (pdfmake.d.ts declares the one-argument form).
 * `fontLayoutCache: false`: pdfkit would keep every text it shapes, keyed by the text, for
 * the whole document; with a line per inline that is the document's text again as glyph
 * runs. shaping.ts makes shaping cheap instead.
 */
const createPdf: (definition: object, options: { fontLayoutCache: boolean }) => pdfmake.OutputDocument =
  pdfmake.createPdf.bind(pdfmake);
