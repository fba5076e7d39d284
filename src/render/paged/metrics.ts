/**
 * Text widths for the page layout's own line wrapping (wrap.ts), exactly as pdfkit will
 * draw the text.
 *
 * pdfkit shapes every inline it is given with fontkit (OpenType GSUB/GPOS, the script taken
 * from the text). The wrapper hands it whole runs of Chinese text where pdfmake used to hand
 * it one character at a time, so it must know which characters shape the same whatever
 * stands next to them: for those a width is a sum of cached advances, and a run of them can
 * be drawn as one inline without any glyph or position changing.
 *
 * A character is context-free here when
 * - its script is Han or Common (a run of such characters is shaped as `hani`, or as the
 *   default script if it has no Han; other scripts pick other features, e.g. Latin digits
 *   become proportional in Noto CJK), and it is not a control, format or default-ignorable
 *   character, nor U+2044 (which switches on fraction features around it);
 * - its glyph is not covered by any lookup of a feature fontkit applies by default, under
 *   the script fontkit selects for `hani` or for the default script: not part of a ligature
 *   or a contextual rule, not a mark, not the first glyph of a kerning pair.
 * A character whose glyph is only ever the first of a kerning pair (ASCII punctuation such
 * as `-` `%` `.` in Noto CJK) is context-free too, as long as the character after it is not
 * one it kerns with: pairs are checked by shaping them, once.
 * Everything else (Latin words, marks, pairs that kern) is measured by shaping it as pdfkit
 * will, and stays an inline of its own.
 */
import type { Font } from 'fontkit';

/** The features fontkit's default shaper applies (fontkit 2.0.4, DefaultShaper). */
const DEFAULT_FEATURES = new Set([
  'rvrn', 'ltra', 'ltrm', 'frac', 'numr', 'dnom', 'ccmp', 'locl', 'rlig', 'mark', 'mkmk',
  'calt', 'clig', 'liga', 'rclt', 'curs', 'kern',
]);
/** fontkit's fallback when a table has no entry for the script. */
const DEFAULT_SCRIPTS = ['DFLT', 'dflt', 'latn'];
/** Subtable fields that hold the glyphs a lookup starts at, by lookup type. */
const COVERAGE_FIELDS = ['coverage', 'markCoverage', 'mark1Coverage', 'coverages', 'inputCoverage'];

const SIMPLE_SCRIPT = /^[\p{Script=Han}\p{Script=Common}]$/u;
const HAN_SCRIPT = /^\p{Script=Han}$/u;
const NEVER_SIMPLE = /^[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\u2044]$/u;

/** Shaped widths of context-dependent text, kept for reuse up to this many entries. */
const SHAPED_CACHE = 20_000;

/**
 * The code point at UTF-16 index `i` of `text`: a surrogate pair is joined only when both
 * halves lie before `end` (a lone half stands for itself). The caller steps one unit
 * further when the result is above U+FFFF.
 */
export function codePointAt(text: string, i: number, end: number): number {
  const cp = text.charCodeAt(i);
  if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < end) {
    const lo = text.charCodeAt(i + 1);
    if (lo >= 0xdc00 && lo <= 0xdfff) return ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
  }
  return cp;
}

/** info() of a character that depends on its neighbours. */
export const CONTEXTUAL = -1;

/** Flags in info(): the character may kern with the next (see pairIsPlain); it is Han. */
const KERNS = 1 << 24;
const HAN = 2 << 24;
const ADVANCE = (1 << 24) - 1;

/** The advance (font units) in an info() value that is not CONTEXTUAL. */
export const advanceOf = (info: number): number => info & ADVANCE;
/** Whether the character of an info() value may kern with the next one. */
export const kernsOf = (info: number): boolean => (info & KERNS) !== 0;
/** Whether the character of an info() value is Han (makes fontkit shape a run as `hani`). */
export const hanOf = (info: number): boolean => (info & HAN) !== 0;

export class FaceMetrics {
  readonly unitsPerEm: number;
  /** BMP: info + 1 of each code point, 0 if not looked at yet. */
  private readonly bmp = new Int32Array(0x10000);
  private readonly astral = new Map<number, number>();
  /** Pairs (first * 0x110000 + second) checked by shaping: whether they shape as their parts. */
  private readonly pairs = new Map<number, boolean>();
  private readonly shapedWidths = new Map<string, number>();
  /** What some default lookup may change, or null if the font is not understood. */
  private readonly glyphs: ContextualGlyphs | null;
  /** A Han character to make fontkit shape a pair as `hani`, if the font has a plain one. */
  private readonly han: string | null;

  constructor(private readonly font: Font) {
    this.unitsPerEm = font.unitsPerEm;
    this.glyphs = contextualGlyphs(font);
    const plainHan = (c: string) => {
      const info = this.info(c.codePointAt(0) as number);
      return info !== CONTEXTUAL && !kernsOf(info);
    };
    this.han = ['\u4e00', '\u4e2d', '\u6587'].find(plainHan) ?? null;
  }

  /**
   * CONTEXTUAL, or for a context-free code point its advance in font units and flags (read
   * them with advanceOf, kernsOf, hanOf).
   */
  info(cp: number): number {
    if (cp < 0x10000) {
      const v = this.bmp[cp] as number;
      if (v !== 0) return v - 1;
      const info = this.classify(cp);
      this.bmp[cp] = info + 1;
      return info;
    }
    let info = this.astral.get(cp);
    if (info === undefined) {
      info = this.classify(cp);
      this.astral.set(cp, info);
    }
    return info;
  }

  /**
   * info(cp) of `cp` in running text: CONTEXTUAL also when it follows `previous` (the code
   * point before it if that one may kern, else -1) and the two do not shape as they do apart.
   */
  infoAfter(previous: number, cp: number): number {
    const info = this.info(cp);
    return info === CONTEXTUAL || (previous >= 0 && !this.pairIsPlain(previous, cp)) ? CONTEXTUAL : info;
  }

  /** Whether two context-free code points shape as they do apart, also within Han text. */
  pairIsPlain(first: number, second: number): boolean {
    const key = first * 0x110000 + second;
    let plain = this.pairs.get(key);
    if (plain === undefined) {
      const pair = String.fromCodePoint(first, second);
      plain = this.shapesPlain(pair) && (this.han === null || this.shapesPlain(this.han + pair));
      this.pairs.set(key, plain);
    }
    return plain;
  }

  /** Font units: the width of `text` shaped as one run, as pdfkit shapes it. */
  shaped(text: string): number {
    let w = this.shapedWidths.get(text);
    if (w === undefined) {
      w = this.font.layout(text).advanceWidth;
      if (this.shapedWidths.size >= SHAPED_CACHE) this.shapedWidths.clear();
      this.shapedWidths.set(text, w);
    }
    return w;
  }

  private classify(cp: number): number {
    if (this.glyphs === null) return CONTEXTUAL;
    const ch = String.fromCodePoint(cp);
    if (!SIMPLE_SCRIPT.test(ch) || NEVER_SIMPLE.test(ch)) return CONTEXTUAL;
    const glyph = this.font.glyphForCodePoint(cp);
    const a = glyph.advanceWidth;
    if (this.glyphs.contextual.has(glyph.id) || !Number.isInteger(a) || a < 0 || a > ADVANCE) return CONTEXTUAL;
    return a | (this.glyphs.pairFirst.has(glyph.id) ? KERNS : 0) | (HAN_SCRIPT.test(ch) ? HAN : 0);
  }

  /** Whether fontkit shapes `text` into its characters' own glyphs and advances. */
  private shapesPlain(text: string): boolean {
    const run = this.font.layout(text);
    const cps = [...text].map((c) => c.codePointAt(0) as number);
    if (run.glyphs.length !== cps.length) return false;
    return cps.every((cp, i) => {
      const glyph = this.font.glyphForCodePoint(cp);
      const pos = run.positions[i];
      return (
        run.glyphs[i]?.id === glyph.id &&
        pos !== undefined &&
        pos.xAdvance === glyph.advanceWidth &&
        pos.xOffset === 0 &&
        pos.yOffset === 0
      );
    });
  }
}

type Table = Record<string, unknown>;

const isTable = (x: unknown): x is Table => typeof x === 'object' && x !== null;

/** fontkit hands out plain arrays and lazy arrays (`length` + `get(i)`). */
function items(x: unknown): unknown[] {
  if (Array.isArray(x)) return x;
  if (isTable(x) && typeof x['length'] === 'number' && typeof x['get'] === 'function') {
    const get = x['get'] as (i: number) => unknown;
    return Array.from({ length: x['length'] }, (_, i) => get.call(x, i));
  }
  return [];
}

class Unknown extends Error {}

interface ContextualGlyphs {
  /** Glyphs some default lookup may change, or whose neighbours it may change. */
  contextual: Set<number>;
  /** Glyphs that default lookups only ever touch as the first glyph of a kerning pair. */
  pairFirst: Set<number>;
}

/** GPOS lookup type: pair adjustment (kerning). */
const PAIR_POS = 2;

/**
 * Every glyph a lookup of a default feature may touch first (so also every glyph whose
 * neighbours it may change), under the scripts a run of Han/Common text is shaped with.
 * null when the font has layout machinery this does not follow (AAT, a legacy kern table)
 * or tables of an unexpected shape: then nothing is treated as context-free.
 */
function contextualGlyphs(font: Font): ContextualGlyphs | null {
  if (font.morx || font.kern) return null;
  const contextual = new Set<number>();
  const pairFirst = new Set<number>();
  try {
    for (const [table, isGpos] of [[font.GSUB, false], [font.GPOS, true]] as const) {
      if (table === undefined || table === null) continue;
      if (!isTable(table)) throw new Unknown();
      const scripts = items(table['scriptList']).filter(isTable);
      const features = items(table['featureList']);
      const lookupIndexes = new Set<number>();
      for (const wanted of [['hani'], DEFAULT_SCRIPTS]) {
        const entry = wanted.map((tag) => scripts.find((s) => s['tag'] === tag)).find((s) => s !== undefined);
        const script = entry?.['script'];
        if (!isTable(script)) continue;
        const langSys = script['defaultLangSys'];
        if (!isTable(langSys)) continue;
        for (const fi of items(langSys['featureIndexes'])) {
          const record = features[fi as number];
          if (!isTable(record) || !isTable(record['feature'])) throw new Unknown();
          if (!DEFAULT_FEATURES.has(String(record['tag']))) continue;
          for (const li of items(record['feature']['lookupListIndexes'])) lookupIndexes.add(li as number);
        }
      }
      const lookups = items(table['lookupList']);
      for (const li of lookupIndexes) {
        const lookup = lookups[li];
        if (!isTable(lookup)) throw new Unknown();
        for (let sub of items(lookup['subTables'])) {
          let type = lookup['lookupType'];
          while (isTable(sub) && sub['extension'] !== undefined) {
            type = sub['lookupType'];
            sub = sub['extension'];
          }
          addCoverage(sub, isGpos && type === PAIR_POS ? pairFirst : contextual);
        }
      }
    }
  } catch (e) {
    if (e instanceof Unknown) return null;
    throw e;
  }
  for (const g of contextual) pairFirst.delete(g);
  return { contextual, pairFirst };
}

function addCoverage(subtable: unknown, glyphs: Set<number>): void {
  if (!isTable(subtable)) throw new Unknown();
  let found = false;
  for (const field of COVERAGE_FIELDS) {
    const value = subtable[field];
    if (value === undefined) continue;
    found = true;
    for (const coverage of Array.isArray(value) || !isTable(value) || value['version'] === undefined ? items(value) : [value]) {
      addCoverageTable(coverage, glyphs);
    }
  }
  if (!found) throw new Unknown();
}

function addCoverageTable(coverage: unknown, glyphs: Set<number>): void {
  if (!isTable(coverage)) throw new Unknown();
  if (coverage['version'] === 1) {
    for (const g of items(coverage['glyphs'])) glyphs.add(g as number);
  } else if (coverage['version'] === 2) {
    for (const r of items(coverage['rangeRecords'])) {
      if (!isTable(r)) throw new Unknown();
      for (let g = r['start'] as number; g <= (r['end'] as number); g++) glyphs.add(g);
    }
  } else {
    throw new Unknown();
  }
}
