/**
 * A document's fonts as the page writers use them: opened, with the shortcuts that make
 * pdfkit's shaping and widths fast installed. Every page render starts here; a render
 * thread can also do it before its first layout arrives (a CJK font's opening, patching and
 * measuring is ≈ 0.25 s of a fresh thread that the main thread's layout can hide).
 */
import type { FontFamily } from '../../layout/types.js';
import { metricsOfPdfkitFont, PdfFonts } from './fonts.js';
import { installSharedTables } from './shared-tables.js';
import { installFastShaping } from './shaping.js';
import { installFastWidths } from './string-widths.js';

export function documentFonts(families: Record<string, FontFamily>): PdfFonts {
  const fonts = new PdfFonts(families);
  // Installed once per process, before pdfkit shapes any text: pdfkit's fontkit shapes
  // context-free text of these fonts without running OpenType lookups (./shaping.ts).
  installFastShaping(fonts.sampleBytes(), metricsOfPdfkitFont);
  installFastWidths(fonts.sampleBytes(), metricsOfPdfkitFont);
  installSharedTables(fonts.sampleBytes());
  return fonts;
}

/** Opens the fonts and reads each face's measures (kept for the process, as all faces are). */
export function prepareFonts(families: Record<string, FontFamily>): void {
  for (const face of documentFonts(families).faces()) void face.metrics;
}
