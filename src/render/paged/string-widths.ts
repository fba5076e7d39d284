/**
 * String widths for pdfkit without shaping the string.
 *
 * pdfmake asks pdfkit the width of every inline when it measures the document, and pdfkit
 * again for every line it draws; pdfkit shapes the text (each word a run, each glyph
 * position scaled in place) only to add the advances up. For context-free text of the
 * renderer's fonts (./metrics.ts, as ./shaping.ts decides it) the sum is known from the
 * advances alone: this wraps pdfkit's `widthOfString` to compute it in the same order and
 * with the same operations, so the number is the same double. Anything else goes to
 * pdfkit. test/render/pdf/pdf.test.ts compares the two.
 */
import { advanceOf, codePointAt, CONTEXTUAL, kernsOf, type FaceMetrics } from './metrics.js';
import { pdfkitDocumentClass } from './pdfkit.js';
import type { FaceLookup } from './shaping.js';

/** pdfkit's font of an embedded TrueType/OpenType file. */
interface EmbeddedFont {
  /** The fontkit font. */
  font: { postscriptName: string; stream?: { buffer?: unknown } };
  /** 1000 / units per em. */
  scale: number;
  widthOfString(text: string, size: number, features?: unknown): number;
}

let installed = false;
let enabled = true;
/** Widths made by the shortcut: for the test that checks it is in use. */
export const widthStats = { summed: 0 };

/** Turns the shortcut off (pdfkit shapes every string): for tests that compare the two. */
export function setFastWidths(on: boolean): void {
  enabled = on;
}

/** Installs the shortcut (once per process); `sample` is the bytes of a font to reach pdfkit's font class with. */
export function installFastWidths(sample: Uint8Array, lookup: FaceLookup): void {
  if (installed) return;
  installed = true;
  const proto = embeddedFontClass(sample);
  // pdfkit not shaped as expected: its own widths, only slower.
  if (!proto || typeof proto.widthOfString !== 'function') return;
  const original = proto.widthOfString;
  const metricsOf = new WeakMap<object, FaceMetrics | null>();
  proto.widthOfString = function (this: EmbeddedFont, text: string, size: number, features?: unknown): number {
    if (enabled && !features && typeof text === 'string') {
      let metrics = metricsOf.get(this.font);
      if (metrics === undefined) metricsOf.set(this.font, (metrics = lookup(this.font) ?? null));
      const width = metrics ? plainWidth(text, metrics, this.scale) : null;
      // pdfkit: `layout(...).advanceWidth`, then `width * (size / 1000)`.
      if (width !== null) {
        widthStats.summed++;
        return width * (size / 1000);
      }
    }
    return original.call(this, text, size, features);
  };
}

/**
 * The width pdfkit's `layout(text, null, true)` adds up, or null if some word is not
 * context-free: pdfkit shapes each word with the space or tab that ends it (the last
 * without), scales each glyph's advance, sums them in order, and sums the words in order.
 */
export function plainWidth(text: string, metrics: FaceMetrics, scale: number): number | null {
  let total = 0;
  let word = 0;
  let kern = -1;
  for (let i = 0; i < text.length; i++) {
    const cp = codePointAt(text, i, text.length);
    if (cp > 0xffff) i++;
    const info = metrics.infoAfter(kern, cp);
    if (info === CONTEXTUAL) return null;
    kern = kernsOf(info) ? cp : -1;
    word += advanceOf(info) * scale;
    if (cp === 0x20 || cp === 0x09) {
      total += word;
      word = 0;
      kern = -1;
    }
  }
  // A last word only if characters follow the last space (pdfkit shapes no empty word).
  const last = text.charCodeAt(text.length - 1);
  return text.length > 0 && last !== 0x20 && last !== 0x09 ? total + word : total;
}

/** pdfkit's EmbeddedFont prototype, through a document that opens `sample` (pdfmake's pdfkit). */
function embeddedFontClass(sample: Uint8Array): EmbeddedFont | null {
  try {
    const PDFDocument = pdfkitDocumentClass<new (options: object) => { font(src: Buffer): { _font?: object } }>();
    const font = new PDFDocument({ autoFirstPage: false }).font(Buffer.from(sample.buffer, sample.byteOffset, sample.byteLength))._font;
    return font ? (Object.getPrototypeOf(font) as EmbeddedFont) : null;
  } catch {
    return null;
  }
}
