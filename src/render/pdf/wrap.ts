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


/** Marks and joiners never start a piece of a hard-wrapped word. */
const CLINGS = /^[\p{M}\u200c\u200d]$/u;

/** JavaScript's `\s` (which pdfmake uses to find the whitespace it leaves out of widths). */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

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
  /** Set by measure(): the measured text's first code point and its tail (see Span). */
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
    for (;;) {
      const w = this.measure(start, end);
      if (this.spans.length > 0 && this.inlineWidths + w.width - this.leadingCut - w.trailingCut > this.max) {
        this.endLine();
      }
      if (this.spans.length === 0 && w.width - w.trailingCut > this.max && this.nextBoundary(start, end) < end) {
        // Wider than a whole line: as much as fits goes on this line, the rest on the next.
        const cut = this.fitPrefix(start, end, w.simple);
        const prefix = this.measure(start, cut);
        this.add(start, cut, prefix.simple, prefix.width, prefix.leadingCut);
        this.endLine();
        start = cut;
        continue;
      }
      this.add(start, end, w.simple, w.width, w.leadingCut);
      if (lineEnd) this.endLine();
      return;
    }
  }

  /** Adds text[start, end), just measured, to the current line. */
  private add(start: number, end: number, simple: boolean, width: number, leadingCut: number): void {
    if (this.spans.length === 0) this.leadingCut = leadingCut;
    this.inlineWidths += width;
    const prev = this.spans[this.spans.length - 1];
    if (
      prev &&
      simple &&
      prev.simple &&
      prev.end === start &&
      (prev.tail < 0 || this.head < 0 || this.metrics.pairIsPlain(prev.tail, this.head))
    ) {
      prev.end = end;
      if (end > start) prev.tail = this.tail;
    } else {
      this.spans.push({ start, end, simple, tail: simple ? this.tail : -1 });
    }
  }

  private endLine(): void {
    this.lines.push(this.spans.map((s) => this.text.slice(s.start, s.end)));
    this.spans = [];
    this.inlineWidths = 0;
    this.leadingCut = 0;
  }

  /**
   * Font units: width, leading and trailing whitespace of text[start, end), and whether it
   * is context-free (simple). Leaves its first code point and its tail in `head`, `tail`.
   */
  private measure(start: number, end: number): { width: number; leadingCut: number; trailingCut: number; simple: boolean } {
    const { text } = this;
    const width = this.width(start, end);
    const head = this.head;
    const tail = this.tail;
    let lead = start;
    while (lead < end && isSpace(text.charCodeAt(lead))) lead++;
    let trail = end;
    while (trail > lead && isSpace(text.charCodeAt(trail - 1))) trail--;
    const leadingCut = lead > start ? Math.abs(this.width(start, lead)) : 0;
    const trailingCut = trail < end ? Math.abs(this.width(trail, end)) : 0;
    this.head = head;
    this.tail = tail;
    return { width: Math.abs(width), leadingCut, trailingCut, simple: width >= 0 && !Object.is(width, -0) };
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
      const info = metrics.info(cp);
      if (info === CONTEXTUAL || (kern >= 0 && !metrics.pairIsPlain(kern, cp))) {
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

  /** The longest prefix text[start, cut) that fits a line (at least one character). */
  private fitPrefix(start: number, end: number, simple: boolean): number {
    const bounds: number[] = [];
    for (let i = this.nextBoundary(start, end); i < end; i = this.nextBoundary(i, end)) bounds.push(i);
    bounds.push(end);
    // bounds[lo] is taken (at least one character); the whole word (the last bound) does not fit.
    let lo = 0;
    let hi = bounds.length - 1;
    if (simple) {
      // Context-free: add up the characters, leaving out trailing whitespace as pdfmake does.
      let width = this.measure(start, bounds[0] as number).width;
      let trailing = 0;
      while (lo + 1 < hi) {
        const from = bounds[lo] as number;
        const w = this.measure(from, bounds[lo + 1] as number).width;
        const space = isSpace(this.text.charCodeAt(from));
        if (width + w - (space ? trailing + w : 0) > this.max) break;
        width += w;
        trailing = space ? trailing + w : 0;
        lo++;
      }
    } else {
      // Shaped: widths grow with the prefix (nearly always): bisect, as pdfmake does.
      const fits = (cut: number) => {
        const w = this.measure(start, cut);
        return w.width - w.trailingCut <= this.max;
      };
      while (lo + 1 < hi) {
        const mid = (lo + hi) >> 1;
        if (fits(bounds[mid] as number)) lo = mid;
        else hi = mid;
      }
    }
    return bounds[lo] as number;
  }
}
