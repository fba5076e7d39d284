/**
 * How wrapped lines (./wrap.ts) reach pdfmake (TextBreaker.getBreaks,
 * LayoutBuilder.buildNextLine): the last inline of a line carries `lineEnd`, so pdfmake
 * starts the next inline on a new line.
 * But pdfmake also glues an inline to the next one when the last word of the one and the
 * first word of the other would form a single word (`noNewLine`), and a glued inline joins
 * the line whatever `lineEnd` says. Where that would happen (a hard-wrapped number, a line
 * ended by a newline before a letter or digit, an empty line) a newline inline goes between
 * them: pdfmake glues it harmlessly to the end of the line and glues nothing to it.
 */
import LineBreaker from 'linebreak';

/** An inline for pdfmake: text within a line, the last of a line, or the newline between two glued lines. */
export type WrapInline = string | { text: string; lineEnd: true } | { text: '\n'; noWrap: false };

/** What pdfmake strips from a word that ends a line by force. */
export const NEWLINE_AT_END = /\r?\n$|\r$/;

/** The lines as pdfmake inlines: `lineEnd` on each line's last, a newline inline where pdfmake would glue. */
export function inlines(lines: string[][]): WrapInline[] {
  const out: WrapInline[] = [];
  lines.forEach((line, l) => {
    const last = l === lines.length - 1;
    line.forEach((text, i) => {
      if (last || i < line.length - 1) {
        out.push(text);
        return;
      }
      out.push({ text, lineEnd: true });
      if (pdfmakeGlues(text, (lines[l + 1] as string[])[0] as string)) out.push({ text: '\n', noWrap: false });
    });
  });
  return out;
}

/** CJK Unified Ideographs (and Extension A), all of line break class ID. */
function isIdeograph(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

/** ，。、；：！？）」』】》〉 */
const CLOSING = new Set([0xff0c, 0x3002, 0x3001, 0xff1b, 0xff1a, 0xff01, 0xff1f, 0xff09, 0x300d, 0x300f, 0x3011, 0x300b, 0x3009]);

function breaksAfter(c: number): boolean {
  return isIdeograph(c) || CLOSING.has(c);
}

function breaksBefore(c: number): boolean {
  return isIdeograph(c) || (c >= 0x30 && c <= 0x39);
}

/** pdfmake's splitWords(text, false): the texts of its words. */
function words(text: string): string[] {
  if (text === '') return [''];
  const out: string[] = [];
  const breaker = new LineBreaker(text);
  let last = 0;
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    out.push(text.slice(last, bk.position).replace(NEWLINE_AT_END, ''));
    last = bk.position;
  }
  return out;
}

/**
 * Whether pdfmake 0.3.11 (TextBreaker.getBreaks with noWrap inlines) marks inline `a`
 * `noNewLine` before inline `b`: the last word of `a` and the first word of `b` make one word.
 */
function pdfmakeGlues(a: string, b: string): boolean {
  // The common cases, decided without running the breaker: UAX #14 always allows a break
  // after an ideograph (class ID) or Chinese closing punctuation (CL, EX, NS) and before an
  // ideograph or a digit, whatever comes before.
  if (breaksAfter(a.charCodeAt(a.length - 1)) && breaksBefore(b.charCodeAt(0))) return false;
  const lastWord = words(a).at(-1);
  if (!lastWord) return false;
  return words(lastWord + (words(b)[0] ?? '')).length === 1;
}
