/**
 * Fonts for the page writers (PDF, OFD). A CJK TrueType file is ~15 MB and slow to read and parse, so
 * each file is read once per process: pdfmake gets the bytes through its in-memory file
 * system (it then never touches the disk), and fontkit opens each face once for glyph
 * coverage and vertical metrics.
 */
import { readFileSync } from 'node:fs';
import type { Font } from 'fontkit';
import pdfmake from 'pdfmake';
import type { FontFamily, FontFile, Style } from '../../layout/types.js';
import { fontkit } from './fontkit.js';
import { FaceMetrics } from './metrics.js';

/** One face of a font file, with what the renderer needs to know about it. */
export class PdfFace {
  /** Em units: hhea ascent and descent (both positive), as pdfkit uses them. */
  private readonly ascent: number;
  private readonly descent: number;
  /** Em units: the typographic box (for CJK fonts the ideographic em box), or null. */
  private readonly typoBox: { top: number; bottom: number } | null;
  private metricsCache: FaceMetrics | null = null;
  private readonly showsCache = new Map<number, boolean>();

  constructor(private readonly font: Font) {
    const upem = font.unitsPerEm;
    this.ascent = font.ascent / upem;
    this.descent = -font.descent / upem;
    const os2 = font['OS/2'];
    this.typoBox =
      os2 && os2.typoAscender > os2.typoDescender
        ? { top: os2.typoAscender / upem, bottom: -os2.typoDescender / upem }
        : null;
  }

  get postscriptName(): string {
    return this.font.postscriptName;
  }

  /** Whether `font` is this face's own fontkit instance. */
  owns(font: object): boolean {
    return font === this.font;
  }

  has(codePoint: number): boolean {
    return this.font.hasGlyphForCodePoint(codePoint);
  }

  /** Whether the face can show a code point: whitespace, or a glyph it has. Cached. */
  shows(codePoint: number): boolean {
    let known = this.showsCache.get(codePoint);
    if (known === undefined) {
      known = /^\s$/u.test(String.fromCodePoint(codePoint)) || this.has(codePoint);
      this.showsCache.set(codePoint, known);
    }
    return known;
  }

  /** Widths for line wrapping (built on first use: it reads the layout tables). */
  get metrics(): FaceMetrics {
    return (this.metricsCache ??= new FaceMetrics(this.font));
  }

  /**
   * pdfmake's `lineHeight` multiplies the font's natural line height (ascent + descent,
   * 1.437 em for Noto Serif SC); the layout means a multiple of the font size.
   */
  lineHeightFactor(multiple: number): number {
    return multiple / (this.ascent + this.descent);
  }

  /**
   * pdfmake puts the baseline one ascent below the top of each line. With a CJK font's
   * tall ascent and a tight line pitch the glyphs sit low (and the last line pokes below
   * its box). Returns, in points, how far to move text up so the typographic box is centred
   * in the line.
   */
  baselineShift(style: Pick<Style, 'size' | 'lineHeight'>): number {
    if (!this.typoBox) return 0;
    const { top, bottom } = this.typoBox;
    const centred = (style.lineHeight - (top + bottom)) / 2 + top;
    return (this.ascent - centred) * style.size;
  }
}

const bytesByPath = new Map<string, Buffer>();
const facesByKey = new Map<string, PdfFace>();
/** Faces by the bytes they were read from, for fonts pdfkit opens from the same bytes. */
const facesByBytes = new Map<unknown, PdfFace[]>();

/**
 * The metrics of the face a font pdfkit opened from our bytes is, if any: how shaping.ts
 * tells the renderer's fonts from any other.
 */
export function metricsOfPdfkitFont(font: { postscriptName: string; stream?: { buffer?: unknown } }): FaceMetrics | undefined {
  const face = facesByBytes.get(font.stream?.buffer)?.find((f) => f.postscriptName === font.postscriptName);
  return face && !face.owns(font) ? face.metrics : undefined;
}

function fontBytes(path: string): Buffer {
  let bytes = bytesByPath.get(path);
  if (!bytes) {
    bytes = readFileSync(path);
    bytesByPath.set(path, bytes);
    pdfmake.virtualfs.writeFileSync(path, bytes);
  }
  return bytes;
}

/** Opens (once per process) the face a FontFile names. */
export function openFace(file: FontFile): PdfFace {
  const key = `${file.path}\0${file.face ?? ''}`;
  let face = facesByKey.get(key);
  if (!face) {
    const font = fontkit.create(fontBytes(file.path), file.face);
    if (!font || !('hasGlyphForCodePoint' in font)) {
      throw new Error(
        file.face
          ? `字体文件 ${file.path} 中没有名为 ${file.face} 的字体`
          : `字体文件 ${file.path} 是字体集合（.ttc），须指定 face`,
      );
    }
    const bytes = fontBytes(file.path);
    face = new PdfFace(font);
    facesByKey.set(key, face);
    facesByBytes.set(bytes, [...(facesByBytes.get(bytes) ?? []), face]);
  }
  return face;
}

/** The fonts of one document: faces by style, and pdfmake's font table. */
export class PdfFonts {
  constructor(private readonly families: Record<string, FontFamily>) {
    // Open every face up front so a bad path fails before any layout work.
    this.faces();
  }

  file(style: Pick<Style, 'font' | 'bold'>): FontFile {
    const family = this.families[style.font];
    if (!family) throw new Error(`样式使用的字体“${style.font}”未在文档字体表中定义`);
    return style.bold ? family.pdf.bold : family.pdf.normal;
  }

  face(style: Pick<Style, 'font' | 'bold'>): PdfFace {
    return openFace(this.file(style));
  }

  /** Every face of the document's families. */
  faces(): PdfFace[] {
    return [...new Set(Object.values(this.families).flatMap((f) => [openFace(f.pdf.normal), openFace(f.pdf.bold)]))];
  }

  /**
   * pdfmake's font table. Built fresh for every document: pdfmake rewrites the arrays of
   * .ttc entries in place, so a shared table would break the next render.
   */
  descriptors(): Record<string, pdfmake.FontDescriptor> {
    const source = (f: FontFile): pdfmake.FontSource => (f.face ? [f.path, f.face] : f.path);
    return Object.fromEntries(
      Object.entries(this.families).map(([key, family]) => [
        key,
        { normal: source(family.pdf.normal), bold: source(family.pdf.bold) },
      ]),
    );
  }

  /** The bytes of one of the document's font files (any will do to find fontkit's classes). */
  sampleBytes(): Uint8Array {
    const first = Object.values(this.families)[0];
    if (!first) throw new Error('文档没有定义任何字体');
    return fontBytes(first.pdf.normal.path);
  }

  /** The only local files pdfmake may read (it finds them in memory anyway). */
  paths(): Set<string> {
    return new Set(Object.values(this.families).flatMap((f) => [f.pdf.normal.path, f.pdf.bold.path]));
  }
}
