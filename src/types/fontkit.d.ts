/** The parts of fontkit 2 used by the PDF renderer (fontkit ships no types). */
declare module 'fontkit' {
  export interface Font {
    postscriptName: string;
    unitsPerEm: number;
    /** hhea ascent and descent (descent is negative), in font units. */
    ascent: number;
    descent: number;
    'OS/2'?: { typoAscender: number; typoDescender: number };
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export interface FontCollection {
    fonts: Font[];
    getFont(postscriptName: string): Font | null;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font | FontCollection | null;
}
