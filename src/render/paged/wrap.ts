/**
 * Line wrapping for the PDF renderer, done here instead of in pdfmake.
 *
 * pdfmake splits text at every UAX #14 break opportunity and makes each piece an inline
 * with its own style lookups, measurement and pdfkit text call. Chinese may break between
 * any two characters, so a cell of indicators became hundreds of inlines, and that was
 * most of the PDF time. This module makes the same decisions pdfmake made (same break
 * opportunities, from the same `linebreak` package; same fitting rule; the same hard
 * wrapping of a word wider than the whole line) and returns each line as one inline, or a
 * few where a piece of text must be shaped on its own (see metrics.ts). The caller
 * marks the text `noWrap`, so pdfmake keeps every inline whole.
 *
 * The fitting rule is pdfmake 0.3.11's (Line.hasEnoughSpaceForInline): a word fits if the
 * line's width with it, leaving out the leading whitespace of the line's first word and the
 * trailing whitespace of this word, is at most the available width.
 *
 * Where it deliberately differs from pdfmake:
 * - a word wider than a whole line is cut by the width of what shows (trailing whitespace
 *   left out, as for any other word), and never inside a surrogate pair or between a
 *   character and the marks on it (pdfmake cut at UTF-16 units);
 * - the runs of a paragraph are joined before breaking, so the break opportunities where
 *   two runs meet are UAX #14's own rather than pdfmake's guess from the two words there;
 * - lines stay SLACK shorter than the box.
 *
 * How the lines are handed to pdfmake: ./pdfmake-lines.ts.
 */
import LineBreaker from 'linebreak';
import { advanceOf, codePointAt, CONTEXTUAL, kernsOf, type FaceMetrics } from './metrics.js';
import { inlines, NEWLINE_AT_END, type WrapInline } from './pdfmake-lines.js';


/**
 * Points by which a line stays shorter than its box. Widths here are exact (integer font
 * units, the same shaping as pdfkit's); this only absorbs the rounding of pdfmake's own
 * floating-point sums, which must not find a line a hair too long.
 */
export const SLACK = 0.001;

/** A span of the text that lies on one line and is drawn as one inline. */
interface Span {
  start: number;
  end: number;
  /** Made of context-free characters: may share an inline with neighbouring simple spans. */
  simple: boolean;
  /** The last code point, if it may kern with what follows (simple spans only), else -1. */
  tail: number;
}

/** What Wrapper.measure finds out about a piece of text (widths in font units). */
interface Measure {
  width: number;
  /** The widths of its leading and of its trailing whitespace (all of it, for a piece of whitespace alone). */
  leadingCut: number;
  trailingCut: number;
  /** Context-free (see Span). */
  simple: boolean;
  /** Its first code point, and its tail (see Span). */
  head: number;
  tail: number;
}

/** Marks and joiners never start a piece of a hard-wrapped word. */
const CLINGS = /^[\p{M}\u200c\u200d]$/u;

/**
 * Wraps `text` (which may contain newlines) into lines at most `maxWidth` points wide in
 * `metrics`' face at `size` points, as inlines for one pdfmake text node with `noWrap`.
 * `text` must not be empty.
 */
export function wrapText(text: string, metrics: FaceMetrics, size: number, maxWidth: number): WrapInline[] {
  return new Wrapper(text, metrics, Math.max(0, maxWidth - SLACK) * (metrics.unitsPerEm / size)).run();
}

class Wrapper {
  private readonly lines: string[][] = [];
  /** The current line: its spans, and pdfmake's Line state in font units. */
  private spans: Span[] = [];
  private inlineWidths = 0;
  private leadingCut = 0;
  /** Set by width(): the measured text's first code point and its tail (see Span). */
  private head = -1;
  private tail = -1;

  constructor(
    private readonly text: string,
    private readonly metrics: FaceMetrics,
    private readonly max: number,
  ) {}

  run(): WrapInline[] {
    const { text } = this;
    const breaker = new LineBreaker(text);
    let last = 0;
    for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
      let end = bk.position;
      let lineEnd = bk.required;
      const nl = NEWLINE_AT_END.exec(text.slice(Math.max(last, end - 2), end));
      if (nl) {
        end -= nl[0].length;
        lineEnd = true;
      }
      this.place(last, end, lineEnd);
      last = bk.position;
    }
    if (this.spans.length > 0) this.endLine();
    return inlines(this.lines);
  }

  /** Puts the word text[start, end) on the current line or the next, hard-wrapping it if it is wider than a line. */
  private place(start: number, end: number, lineEnd: boolean): void {
    let w = this.measure(start, end);
    if (this.spans.length > 0 && this.inlineWidths + w.width - this.leadingCut - w.trailingCut > this.max) {
      this.endLine();
    }
    if (this.spans.length === 0 && !this.fits(w)) [start, w] = this.hardWrap(start, end, w);
    this.add(start, end, w);
    if (lineEnd) this.endLine();
  }

  /** Whether a piece fits a line of its own: what shows of it (trailing whitespace left out) is at most a line wide. */
  private fits(w: Measure): boolean {
    return w.width - w.trailingCut <= this.max;
  }

  /**
   * Cuts the word text[start, end) (`whole`, wider than a line) into lines, each as much as
   * fits; returns where the rest that fits a line (or is one character) starts, and its
   * measure. Only about a line's worth of text is measured per line, never the whole rest
   * again, so a long unbreakable word (a number, a URL, base64) takes time linear in its length.
   */
  private hardWrap(start: number, end: number, whole: Measure): [number, Measure] {
    // First guess: as many characters as the line's share of the word's width; then, the last line's count.
    let guess = Math.floor(((end - start) * this.max) / (whole.width - whole.trailingCut));
    for (;;) {
      const { cut, count, w } = this.fitPrefix(start, end, guess);
      if (cut === end) return [start, w];
      this.add(start, cut, w);
      this.endLine();
      start = cut;
      guess = count;
    }
  }

  /** Adds text[start, end), just measured, to the current line. */
  private add(start: number, end: number, w: Measure): void {
    if (this.spans.length === 0) this.leadingCut = w.leadingCut;
    this.inlineWidths += w.width;
    const prev = this.spans[this.spans.length - 1];
    if (
      prev &&
      w.simple &&
      prev.simple &&
      prev.end === start &&
      (prev.tail < 0 || w.head < 0 || this.metrics.pairIsPlain(prev.tail, w.head))
    ) {
      prev.end = end;
      if (end > start) prev.tail = w.tail;
    } else {
      this.spans.push({ start, end, simple: w.simple, tail: w.simple ? w.tail : -1 });
    }
  }

  private endLine(): void {
    this.lines.push(this.spans.map((s) => this.text.slice(s.start, s.end)));
    this.spans = [];
    this.inlineWidths = 0;
    this.leadingCut = 0;
  }

  /**
   * Measures text[start, end). Leading and trailing whitespace are found independently, as
   * pdfmake does: in a piece of whitespace alone, both are all of it.
   */
  private measure(start: number, end: number): Measure {
    const { text } = this;
    const width = this.width(start, end);
    const { head, tail } = this;
    let lead = start;
    while (lead < end && isWhitespace(text.charCodeAt(lead))) lead++;
    let trail = end;
    while (trail > start && isWhitespace(text.charCodeAt(trail - 1))) trail--;
    const whole = Math.abs(width);
    const leadingCut = lead === end ? whole : lead > start ? Math.abs(this.width(start, lead)) : 0;
    const trailingCut = trail === start ? whole : trail < end ? Math.abs(this.width(trail, end)) : 0;
    return { width: whole, leadingCut, trailingCut, simple: width >= 0 && !Object.is(width, -0), head, tail };
  }

  /**
   * Font units: the width of text[start, end) as pdfkit will draw it; negative (or -0) if
   * some character in it depends on its neighbours, and it was shaped as a whole.
   */
  private width(start: number, end: number): number {
    const { text, metrics } = this;
    let width = 0;
    let kern = -1;
    this.head = -1;
    for (let i = start; i < end; i++) {
      const cp = codePointAt(text, i, end);
      if (cp > 0xffff) i++;
      if (this.head < 0) this.head = cp;
      const info = metrics.infoAfter(kern, cp);
      if (info === CONTEXTUAL) {
        this.tail = -1;
        return -metrics.shaped(text.slice(start, end));
      }
      width += advanceOf(info);
      kern = kernsOf(info) ? cp : -1;
    }
    this.tail = kern;
    return width;
  }

  /** The index after the code point at `i`, and after any marks or joiners that cling to it. */
  private nextBoundary(i: number, end: number): number {
    const { text } = this;
    const step = (j: number) => (codePointAt(text, j, end) > 0xffff ? j + 2 : j + 1);
    let j = step(i);
    while (j < end) {
      const k = step(j);
      if (!CLINGS.test(text.slice(j, k))) break;
      j = k;
    }
    return j;
  }

  /**
   * The longest prefix text[start, cut) that fits a line, at least one character, or all of
   * it if it fits; with its measure and its count of characters (code points with their marks).
   *
   * What shows of a prefix widens as it grows (nearly always, for shaped text, where pdfmake
   * assumes the same), so the cut is searched like this: a prefix of `guess` characters,
   * then steps that double away from what is known to fit until one does not, then
   * bisection. Each try measures only its own prefix, shaped as pdfkit will draw it.
   */
  private fitPrefix(start: number, end: number, guess: number): { cut: number; count: number; w: Measure } {
    // bounds[i]: the end of the (i + 1)-th character, listed only as far as needed.
    const bounds: number[] = [];
    const at = (i: number): number => {
      while (bounds.length <= i && (bounds[bounds.length - 1] ?? start) < end) {
        bounds.push(this.nextBoundary(bounds[bounds.length - 1] ?? start, end));
      }
      return Math.min(i, bounds.length - 1);
    };
    // lo: the longest known to fit (the first character is taken whether it fits or not);
    // hi: the shortest known not to fit, 0 while none is known.
    let lo = 0;
    let w: Measure | undefined;
    let hi = 0;
    const test = (i: number): void => {
      const m = this.measure(start, bounds[i] as number);
      if (i === 0 || this.fits(m)) {
        lo = i;
        w = m;
      } else {
        hi = i;
      }
    };
    test(at(Math.max(0, guess - 1)));
    // Up from lo in doubling steps while nothing is known not to fit (at() stops at the whole).
    for (let step = 1; hi === 0 && bounds[lo] !== end; step *= 2) test(at(lo + step));
    while (lo + 1 < hi) test((lo + hi) >> 1);
    w ??= this.measure(start, bounds[0] as number);
    return { cut: bounds[lo] as number, count: lo + 1, w };
  }
}

const WHITESPACE = /^\s$/;

/** JavaScript's `\s` (which pdfmake uses to find the whitespace it leaves out of widths). */
function isWhitespace(c: number): boolean {
  return WHITESPACE.test(String.fromCharCode(c));
}
