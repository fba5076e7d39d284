/**
 * Shaping of context-free text for pdfkit, without fontkit's OpenType machinery.
 *
 * pdfkit shapes every inline it measures or draws with fontkit's `font.layout` (GSUB/GPOS
 * lookups for every glyph: ~1.5 µs a glyph for Noto CJK), two or three times per inline, and
 * by default keeps every result in a per-document cache keyed by the text. With one inline
 * per line (wrap.ts) that cache would hold a glyph run for every distinct line of the
 * document, hundreds of megabytes for a large publication, so the renderer turns it off, and
 * this module makes shaping cheap instead.
 *
 * For text made only of context-free characters (metrics.ts: no default lookup touches
 * them, and no kerning pair in it adjusts) fontkit's result is known without running it:
 * each character's own glyph (the cmap's), at its own advance, nothing moved, the script
 * `hani` if there is a Han character and the default script otherwise. `installFastShaping`
 * wraps fontkit's `layout` (./fontkit.ts: the build pdfkit loads) so that for the fonts
 * the renderer registered it returns exactly that: the same glyph objects, positions, script,
 * direction and applied features as fontkit would. Anything else (other fonts, user features,
 * text that needs real shaping) goes to fontkit itself; those results are kept in a small
 * bounded cache and handed out as fresh copies, because pdfkit scales positions in place.
 *
 * test/render/pdf/pdf.test.ts checks the two against each other.
 */
import { sampleFont } from './fontkit.js';
import { advanceOf, codePointAt, CONTEXTUAL, hanOf, kernsOf, type FaceMetrics } from './metrics.js';

interface Glyph {
  id: number;
  advanceWidth: number;
}
interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}
interface Run {
  glyphs: Glyph[];
  positions: Position[] | null;
  script: string;
  features: Record<string, boolean>;
}
/** A fontkit font of the CommonJS build, as pdfkit holds it. */
interface Font {
  postscriptName: string;
  stream?: { buffer?: unknown };
  glyphForCodePoint(cp: number): Glyph;
  layout(text: string, ...rest: unknown[]): Run;
}
type Layout = (this: Font, text: string, ...rest: unknown[]) => Run;
type RunClass = new (glyphs: Glyph[], features: unknown, script: string, language?: string, direction?: string) => Run;
type PositionClass = new (xAdvance?: number, yAdvance?: number, xOffset?: number, yOffset?: number) => Position;

/**
 * The metrics of the registered face a font pdfkit opened is (same bytes, same face), or
 * undefined for any other font, including the renderer's own fontkit instances.
 */
export type FaceLookup = (font: { postscriptName: string; stream?: { buffer?: unknown } }) => FaceMetrics | undefined;

/** Complex runs kept for reuse, at most. */
const COMPLEX_CACHE = 5000;

let installed = false;
let enabled = true;

/** Turns the fast path off (every text then goes to fontkit): for tests that compare the two. */
export function setFastShaping(on: boolean): void {
  enabled = on;
}

/**
 * Installs the fast path (once per process). `sample` is the bytes of a font to find
 * fontkit's classes with; `lookup` tells which fonts are the renderer's.
 */
export function installFastShaping(sample: Uint8Array, lookup: FaceLookup): void {
  if (installed) return;
  installed = true;
  try {
    install(sample, lookup);
  } catch {
    // fontkit not where pdfkit would find it, or not shaped as expected: everything keeps
    // going through fontkit itself, which is only slower.
  }
}

function install(sample: Uint8Array, lookup: FaceLookup): void {
  const font = sampleFont(sample) as Font | null;
  if (!font || typeof font.layout !== 'function') return;
  const proto = Object.getPrototypeOf(font) as { layout: Layout };
  const original = proto.layout;
  const reference = original.call(font, '0');
  const RunCtor = reference.constructor as RunClass;
  const PositionCtor = (reference.positions as Position[])[0]?.constructor as PositionClass | undefined;
  if (!PositionCtor) return;
  const shapers = new WeakMap<Font, Shaper | null>();
  proto.layout = function (this: Font, text: string, ...rest: unknown[]): Run {
    if (enabled && typeof text === 'string' && rest.every((r) => r === undefined)) {
      let shaper = shapers.get(this);
      if (shaper === undefined) {
        const metrics = lookup(this);
        shaper = metrics ? new Shaper(this, metrics, original, RunCtor, PositionCtor) : null;
        shapers.set(this, shaper);
      }
      if (shaper) return shaper.layout(text);
    }
    return original.call(this, text, ...rest);
  };
}

/** Shapes for one fontkit font (pdfkit opens the fonts afresh for every document). */
export class Shaper {
  private readonly glyphs = new Map<number, Glyph>();
  /** Applied features by script, as fontkit reports them. */
  private readonly features = new Map<string, Record<string, boolean>>();
  private readonly complex = new Map<string, { glyphs: Glyph[]; positions: number[]; script: string; features: Record<string, boolean> }>();

  constructor(
    private readonly font: Font,
    private readonly metrics: FaceMetrics,
    private readonly original: Layout,
    private readonly RunCtor: RunClass,
    private readonly PositionCtor: PositionClass,
  ) {}

  layout(text: string): Run {
    return this.plain(text) ?? this.shaped(text);
  }

  /** The run fontkit would make of context-free text, or null if the text is not. */
  plain(text: string): Run | null {
    const { metrics } = this;
    const glyphs: Glyph[] = [];
    const positions: Position[] = [];
    let kern = -1;
    let han = false;
    for (let i = 0; i < text.length; i++) {
      const cp = codePointAt(text, i, text.length);
      if (cp > 0xffff) i++;
      const info = metrics.infoAfter(kern, cp);
      if (info === CONTEXTUAL) return null;
      kern = kernsOf(info) ? cp : -1;
      if (hanOf(info)) han = true;
      let glyph = this.glyphs.get(cp);
      if (glyph === undefined) {
        glyph = this.font.glyphForCodePoint(cp);
        this.glyphs.set(cp, glyph);
      }
      glyphs.push(glyph);
      positions.push(new this.PositionCtor(advanceOf(info)));
    }
    // fontkit's script for Han/Common text: the first non-Common script, else Unknown.
    const script = han ? 'hani' : 'zzzz';
    const run = new this.RunCtor(glyphs, undefined, script);
    run.features = this.featuresOf(script, han ? '\u4e00' : '0');
    run.positions = positions;
    return run;
  }

  private featuresOf(script: string, sample: string): Record<string, boolean> {
    let features = this.features.get(script);
    if (features === undefined) {
      features = this.original.call(this.font, sample).features;
      this.features.set(script, features);
    }
    return features;
  }

  /** fontkit's own run, through a bounded cache of unscaled copies. */
  private shaped(text: string): Run {
    let entry = this.complex.get(text);
    if (entry === undefined) {
      const run = this.original.call(this.font, text);
      const positions: number[] = [];
      for (const p of run.positions ?? []) positions.push(p.xAdvance, p.yAdvance, p.xOffset, p.yOffset);
      entry = { glyphs: run.glyphs, positions, script: run.script, features: run.features };
      if (this.complex.size >= COMPLEX_CACHE) this.complex.clear();
      this.complex.set(text, entry);
      return run;
    }
    const run = new this.RunCtor(entry.glyphs.slice(), undefined, entry.script);
    run.features = entry.features;
    const p = entry.positions;
    run.positions = entry.glyphs.map((_, i) => new this.PositionCtor(p[4 * i], p[4 * i + 1], p[4 * i + 2], p[4 * i + 3]));
    return run;
  }
}
