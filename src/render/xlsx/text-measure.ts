/**
 * Estimates how many lines a text wraps to in a given width, for formats whose viewers do
 * not size rows themselves (Excel and LibreOffice do not auto-fit wrapped or merged cells).
 *
 * No font files: widths are in em of the font size. CJK and full-width characters are 1 em
 * (true for every CJK font); other characters get a deliberately generous width, because
 * the viewer may fall back to a wider Latin font than the one named. Overestimating costs a
 * little white space; underestimating hides text.
 *
 * Line breaking follows the spirit of UAX #14 / CJK rules: a break may fall between CJK
 * characters, at spaces, and between CJK and Latin text, but not before closing punctuation
 * (，。）…) nor after opening punctuation (（《“…); a Latin word breaks only if it is
 * longer than a line.
 */

/** Em widths of non-CJK characters (SimSun's half-width is 0.5; fallback fonts run wider). */
const NARROW_EM = 0.55;
const WIDE_LATIN_EM = 0.75;
const SPACE_EM = 0.35;

type BreakClass = 'wide' | 'narrow' | 'open' | 'close' | 'space';

const OPEN = new Set('（《「『【〈〔［｛“‘([{');
const CLOSE = new Set('，。、；：？！）》」』】〉〕］｝”’…—·,.;:!?)]}%');

/** East Asian Wide/Full-width, plus the "ambiguous" symbols that CJK fonts draw full width. */
function isWide(cp: number): boolean {
  if (cp < 0x1100) return cp === 0xa7 || cp === 0xb0 || cp === 0xb1 || cp === 0xb7 || cp === 0xd7 || cp === 0xf7;
  return (
    cp <= 0x115f ||
    (cp >= 0x2010 && cp <= 0x203b) ||
    (cp >= 0x2100 && cp <= 0x2bff) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe10 && cp <= 0xfe6f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function widthEm(ch: string, cp: number): number {
  if (isWide(cp)) return 1;
  if (ch === ' ' || ch === '\t') return SPACE_EM;
  const wideLatin = (cp >= 0x41 && cp <= 0x5a) || ch === 'm' || ch === 'w' || ch === '@' || ch === '%';
  return wideLatin ? WIDE_LATIN_EM : NARROW_EM;
}

function breakClass(ch: string, cp: number): BreakClass {
  if (ch === ' ' || ch === '\t') return 'space';
  if (OPEN.has(ch)) return 'open';
  if (CLOSE.has(ch)) return 'close';
  return isWide(cp) ? 'wide' : 'narrow';
}

/** Whether a line may break between a character of class `prev` and one of class `next`. */
function mayBreak(prev: BreakClass, next: BreakClass): boolean {
  if (next === 'close' || prev === 'open') return false;
  if (prev === 'narrow' && next === 'narrow') return false;
  return true;
}

/**
 * Lines needed for `text` (which may contain '\n') in a line `widthEm` ems long.
 * An empty text needs one line, as an empty cell still has a row.
 */
export function countLines(text: string, widthEm: number): number {
  const width = Math.max(widthEm, 1);
  let lines = 0;
  for (const paragraph of text.split('\n')) lines += paragraphLines(paragraph, width);
  return Math.max(1, lines);
}

/** Greedy line filling over unbreakable units, linear in the text length. */
function paragraphLines(text: string, width: number): number {
  let lines = 1;
  let x = 0; // width used on the current line
  let unit: number[] = []; // char widths of the unit being collected
  let unitWidth = 0;
  let prev: BreakClass | null = null;

  const placeUnit = (): void => {
    if (unit.length === 0) return;
    if (x + unitWidth > width && x > 0) {
      lines++;
      x = 0;
    }
    if (unitWidth <= width - x) {
      x += unitWidth;
    } else {
      // Longer than a line: viewers break such a word anywhere.
      for (const w of unit) {
        if (x + w > width && x > 0) {
          lines++;
          x = 0;
        }
        x += w;
      }
    }
    unit = [];
    unitWidth = 0;
  };

  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const cls = breakClass(ch, cp);
    const w = widthEm(ch, cp);
    if (cls === 'space') {
      placeUnit();
      // A space at the end of a line hangs in the margin instead of wrapping.
      if (x + w <= width) x += w;
    } else {
      if (prev !== null && prev !== 'space' && mayBreak(prev, cls)) placeUnit();
      unit.push(w);
      unitWidth += w;
    }
    prev = cls;
  }
  placeUnit();
  return lines;
}
