/**
 * More of fontkit 2 (augmenting ./fontkit.d.ts): the shaping and OpenType tables that the
 * PDF renderer's own line wrapping (render/paged/metrics.ts, render/paged/wrap.ts) reads.
 */
declare module 'fontkit' {
  interface Glyph {
    id: number;
    /** Font units. */
    advanceWidth: number;
  }
  interface GlyphPosition {
    /** Font units. */
    xAdvance: number;
    xOffset: number;
    yOffset: number;
  }
  interface GlyphRun {
    glyphs: Glyph[];
    positions: GlyphPosition[];
    /** Font units: the sum of the positioned advances. */
    advanceWidth: number;
  }
  interface Font {
    /** Shapes a string as pdfkit does (default features, script detected from the text). */
    layout(text: string): GlyphRun;
    glyphForCodePoint(codePoint: number): Glyph;
    /** Parsed OpenType layout tables; walked defensively (see render/paged/metrics.ts). */
    GSUB?: unknown;
    GPOS?: unknown;
    morx?: unknown;
    kern?: unknown;
  }
}
