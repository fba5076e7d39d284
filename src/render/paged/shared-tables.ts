/**
 * One parse of each font table per process, not one per document.
 *
 * pdfkit opens the fonts afresh for every document it makes (a new fontkit font over the
 * same bytes), and fontkit decodes each table it needs (cmap, hmtx, loca, the layout tables…)
 * on first use, per font: for a CJK font that is a good part of the time of a small document
 * such as one project's printout. The decoded tables only describe the file, and nothing
 * writes to them, so fonts over the same bytes can share them: this wraps fontkit's table
 * decoding (./fontkit.ts: the build pdfkit loads) to keep each table once per font file
 * and place in it. The same for each TrueType glyph's bounding box and decoded outline,
 * which pdfkit needs for every glyph of every document (its advance, its subset). The glyph
 * objects themselves, the subsets and everything else stay per font and document.
 */
import { sampleFont } from './fontkit.js';

interface Table {
  tag: string;
  offset: number;
}

interface DecodingFont {
  stream: { buffer: Uint8Array };
  directory: { tables: Record<string, Table | undefined> };
  _variationProcessor?: unknown;
  _decodeTable(table: Table): unknown;
  getGlyph(id: number): object;
}

interface SharedGlyph {
  id: number;
  _font: DecodingFont;
  _getCBox(...args: unknown[]): unknown;
  _decode(...args: unknown[]): unknown;
}

let installed = false;
let enabled = true;
/** Tables, glyph boxes and outlines decoded, and decodings saved by sharing: for the test that checks sharing happens. */
export const tableStats = { decoded: 0, reused: 0, boxesDecoded: 0, boxesReused: 0, outlinesDecoded: 0, outlinesReused: 0 };

/** Turns sharing off (each font decodes its own tables): for tests that compare the two. */
export function setSharedTables(on: boolean): void {
  enabled = on;
}

/** Installs the sharing (once per process); `sample` is the bytes of a font to find fontkit's font class with. */
export function installSharedTables(sample: Uint8Array): void {
  if (installed) return;
  installed = true;
  const font = sampleFont(sample) as DecodingFont | null;
  if (!font || typeof font._decodeTable !== 'function') return;
  const proto = Object.getPrototypeOf(font) as DecodingFont;
  const decode = proto._decodeTable;
  // By the file's bytes, then by table and place (the faces of a collection share some tables, not all).
  const decoded = new WeakMap<Uint8Array, Map<string, unknown>>();
  proto._decodeTable = function (this: DecodingFont, table: Table): unknown {
    if (!enabled) return decode.call(this, table);
    let tables = decoded.get(this.stream.buffer);
    if (!tables) decoded.set(this.stream.buffer, (tables = new Map()));
    const key = `${table.tag}@${table.offset}`;
    if (tables.has(key)) tableStats.reused++;
    else {
      tableStats.decoded++;
      tables.set(key, decode.call(this, table));
    }
    return tables.get(key);
  };
  shareGlyphs(font);
}

/**
 * Decoded TrueType glyphs kept per font file, at most: a document's subset decodes every
 * glyph it includes only to learn whether it is composite; a publication's printouts use
 * a few thousand distinct glyphs between them.
 */
const OUTLINES_KEPT = 16384;

/**
 * Per TrueType glyph, once per font file, glyph table and glyph: its bounding box (read from
 * its header, frozen by fontkit; a glyph's advance asks for it), and its decoded outline
 * (points or components: pdfkit's subsetter decodes each glyph it embeds, in every
 * document). fontkit only reads either. A variable font's depend on the instance: not shared.
 */
function shareGlyphs(font: DecodingFont): void {
  if (!font.directory.tables.glyf) return;
  const proto = Object.getPrototypeOf(font.getGlyph(0)) as SharedGlyph;
  shareGlyphMethod(proto, '_getCBox', Infinity, (reused) => (reused ? tableStats.boxesReused++ : tableStats.boxesDecoded++));
  shareGlyphMethod(proto, '_decode', OUTLINES_KEPT, (reused) => (reused ? tableStats.outlinesReused++ : tableStats.outlinesDecoded++));
}

/** Wraps the glyph method `name` to keep its result per font file, glyph table and glyph (at most `kept` per file). */
function shareGlyphMethod(proto: SharedGlyph, name: '_getCBox' | '_decode', kept: number, count: (reused: boolean) => void): void {
  const compute = proto[name];
  if (typeof compute !== 'function') return;
  const results = new WeakMap<Uint8Array, Map<string, unknown>>();
  proto[name] = function (this: SharedGlyph, ...args: unknown[]): unknown {
    const f = this._font;
    const table = f.directory.tables.glyf;
    if (!enabled || f._variationProcessor || !table) return compute.apply(this, args);
    let byGlyph = results.get(f.stream.buffer);
    if (!byGlyph) results.set(f.stream.buffer, (byGlyph = new Map()));
    const key = `${table.offset}:${this.id}`;
    let result = byGlyph.get(key);
    count(result !== undefined);
    if (result === undefined) {
      result = compute.apply(this, args);
      if (byGlyph.size < kept) byGlyph.set(key, result);
    }
    return result;
  };
}
