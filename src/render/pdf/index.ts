/**
 * PDF renderer: the neutral layout tree → a pdfmake document definition → PDF bytes.
 * Fonts are embedded as subsets (pdfmake's default for TrueType). The output is
 * byte-for-byte reproducible: dates come from doc.meta.created and nothing is random.
 *
 * Speed: text is wrapped by ./builder.ts (./wrap.ts) and handed to pdfmake a line per inline, not a
 * Chinese character per inline; pdfkit's shaping of such lines is cheap (shaping.ts).
 * Both give the glyphs, positions and line breaks pdfmake made on its own (for the example
 * and synthetic publications, page for page the same pixels); wrap.ts lists the corner
 * cases where it deliberately differs.
 *
 * Archival and accessible (./archival.ts, ./tagging.ts): PDF/A-3b unless the layout asks for
 * another standard, the layout's attachments as associated files, a structure tree with
 * every drawn line marked as its paragraph's or cell's content and everything else as an
 * artifact.
 */
import pdfmake from 'pdfmake';
import { pageSizeMm, PT_PER_MM } from '../../layout/page.js';
import type { Paragraph } from '../../layout/types.js';
import type { Renderer } from '../renderer.js';
import { attachFiles, installXmp, openBookmarksAtLeft, standardDefinition, type PdfKitOutline } from './archival.js';
import { PdfBuilder } from './builder.js';
import { metricsOfPdfkitFont, PdfFonts } from './fonts.js';
import type { Margins, StackNode } from './nodes.js';
import { installFastShaping } from './shaping.js';
import { installTagging } from './tagging.js';

/** Millimetres → points as pdfmake sizes its pages: A4 is 595.28 × 841.89 pt. */
const pdfmakePoints = (mm: number) => Math.round(mm * PT_PER_MM * 100) / 100;

/** The tables' language (/Lang, dc:language): screen readers pick their voice by it. */
const LANGUAGE = 'zh-CN';

export const renderPdf: Renderer = async (doc) => {
  const fonts = new PdfFonts(doc.fonts);
  // Installed once per process, before pdfkit shapes any text: pdfkit's fontkit shapes
  // context-free text of these fonts without running OpenType lookups (./shaping.ts).
  installFastShaping(fonts.sampleBytes(), metricsOfPdfkitFont);
  installTagging();
  const paper = pageSizeMm(doc.page);
  const page = { width: pdfmakePoints(paper.width), height: pdfmakePoints(paper.height) };
  const m = doc.page.margins;
  const margins: Margins = [m.left, m.top, m.right, m.bottom].map((x) => x * PT_PER_MM) as Margins;
  const textWidth = page.width - margins[0] - margins[2];
  const builder = new PdfBuilder(fonts, textWidth);
  const content = builder.body(doc.body);
  // Header and footer are re-laid out on every page (their fields change), but their glyphs
  // are checked once here.
  for (const p of [...doc.header, ...doc.footer]) builder.checkGlyphs(p.runs, p.style, p.ref);
  const band = (paragraphs: Paragraph[], height: number) =>
    paragraphs.length === 0
      ? undefined
      : (current: number, pages: number): StackNode =>
          builder.band(paragraphs, { page: current, pages }, margins, height);

  const standard = doc.pdfStandard ?? 'a-3b';
  const definition = {
    ...standardDefinition(standard),
    // Marked content and the structure tree (./tagging.ts); also /MarkInfo << /Marked true >>.
    tagged: true,
    pageSize: 'A4',
    pageOrientation: doc.page.orientation,
    pageMargins: margins,
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
    // Every node names its font; this only keeps pdfmake off its default Roboto.
    defaultStyle: { font: Object.keys(doc.fonts)[0] },
    header: band(doc.header, margins[1]),
    footer: band(doc.footer, margins[3]),
    content,
  };

  // pdfmake is a process-wide singleton; createPdf captures fonts and policies synchronously,
  // so concurrent renders with different fonts do not interfere.
  const allowed = fonts.paths();
  pdfmake.setFonts(fonts.descriptors());
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((path) => allowed.has(path));
  const output = createPdf(definition, { fontLayoutCache: false });
  const kit = await output.getStream();
  if (standard !== 'none') installXmp(kit, doc.meta, LANGUAGE);
  attachFiles(kit, doc.attachments ?? [], standard, doc.meta.created);
  openBookmarksAtLeft(kit.outline as PdfKitOutline);
  const bytes = await output.getBuffer();
  return { bytes, warnings: builder.warnings.items };
};

/**
 * pdfmake's createPdf with its options (pdfmake.d.ts declares the one-argument form).
 * `fontLayoutCache: false`: pdfkit would keep every text it shapes, keyed by the text, for
 * the whole document; with a line per inline that is the document's text again as glyph
 * runs. shaping.ts makes shaping cheap instead.
 */
const createPdf: (definition: object, options: { fontLayoutCache: boolean }) => pdfmake.OutputDocument =
  pdfmake.createPdf.bind(pdfmake);
