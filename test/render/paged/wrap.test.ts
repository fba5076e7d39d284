/**
 * The PDF writer's line wrapper (src/render/paged/wrap.ts) on its own, without rendering a
 * PDF: lines of Noto Serif SC text checked against widths fontkit measures itself (each
 * inline shaped alone, as pdfkit draws it) and against pdfmake 0.3.11's own rules.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { create, type Font } from 'fontkit';
import LineBreaker from 'linebreak';
import { describe, expect, it, vi } from 'vitest';
import { openFace } from '../../../src/render/paged/fonts.js';
import { SLACK, wrapText } from '../../../src/render/paged/wrap.js';

const FONT = createRequire(import.meta.url).resolve(
  '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
);
const metrics = openFace({ path: FONT }).metrics;
/** A fontkit instance of our own, so that expected widths owe nothing to metrics.ts. */
const font = create(readFileSync(FONT)) as Font;
const units = (s: string) => (s === '' ? 0 : font.layout(s).advanceWidth);
const NEWLINE = { text: '\n', noWrap: false } as const;

interface Line {
  inlines: string[];
  /** A newline inline follows, for pdfmake to glue to this line instead of the next. */
  glued: boolean;
}

/** wrapText's lines: a line ends at an inline with `lineEnd`; the last line has none. */
function wrap(text: string, maxWidth: number, size = 10): Line[] {
  const lines: Line[] = [];
  let current: string[] = [];
  for (const x of wrapText(text, metrics, size, maxWidth)) {
    if (typeof x === 'string') current.push(x);
    else if ('lineEnd' in x) {
      lines.push({ inlines: [...current, x.text], glued: false });
      current = [];
    } else {
      // A newline inline only ever stands right after a line's end.
      expect(x).toEqual(NEWLINE);
      expect(current).toEqual([]);
      const prev = lines.at(-1) as Line;
      expect(prev.glued).toBe(false);
      prev.glued = true;
    }
  }
  expect(current.length).toBeGreaterThan(0);
  return [...lines, { inlines: current, glued: false }];
}
const lines = (text: string, maxWidth: number, size = 10) => wrap(text, maxWidth, size).map((l) => l.inlines.join(''));

/** pdfmake 0.3.11's splitWords (TextBreaker.js): the texts of its words. */
function pdfmakeWords(text: string): string[] {
  if (text === '') return [''];
  const words: string[] = [];
  const breaker = new LineBreaker(text);
  let last = 0;
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    words.push(text.slice(last, bk.position).replace(/\r?\n$|\r$/, ''));
    last = bk.position;
  }
  return words;
}
/** Whether pdfmake marks inline `a` noNewLine before `b` (getBreaks): `b` then joins a's line whatever lineEnd says. */
function pdfmakeGlues(a: string, b: string): boolean {
  const last = pdfmakeWords(a).at(-1);
  return !!last && pdfmakeWords(last + (pdfmakeWords(b)[0] as string)).length === 1;
}

/**
 * Points pdfkit draws for a line's inlines (each shaped alone), less the leading whitespace
 * of its first word and the trailing whitespace of its last: pdfmake's rule, where a word of
 * whitespace alone counts as leading on its own. A hard-wrapped piece keeps its leading
 * whitespace (`keepLead`), as in pdfmake.
 */
function drawn(inlines: string[], size = 10, keepLead = false): number {
  const text = inlines.join('');
  const words = pdfmakeWords(text);
  const lead = /^\s*/.exec(words[0] as string)?.[0] ?? '';
  const trail = lead === text ? '' : (/\s*$/.exec(words.at(-1) as string)?.[0] ?? '');
  const cut = (keepLead ? 0 : units(lead)) + units(trail);
  return ((inlines.reduce((w, s) => w + units(s), 0) - cut) * size) / font.unitsPerEm;
}

/** UTF-16 indexes where UAX #14 allows a break, ascending. */
function breaks(text: string): number[] {
  const out: number[] = [];
  const breaker = new LineBreaker(text);
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) out.push(bk.position);
  return out;
}

/** A code point and the marks or joiners on it: what a hard wrap never cuts. */
const cluster = (s: string) => /^[^][\p{M}\u200c\u200d]*/u.exec(s)?.[0] ?? '';

/** Every rule the wrapper keeps, on one input whose characters are each narrower than maxWidth. */
function checkAll(text: string, maxWidth: number, size: number): void {
  const out = wrap(text, maxWidth, size);
  const bks = breaks(text);
  let p = 0;
  let nextBreak = 0;
  out.forEach((line, i) => {
    const s = line.inlines.join('');
    // The lines are the text, less the newlines that ended them.
    expect(s).not.toMatch(/[\r\n]/);
    expect(text.startsWith(s, p)).toBe(true);
    p += s.length;
    const newline = /^(\r\n|\r|\n)/.exec(text.slice(p, p + 2))?.[0] ?? '';
    p += newline.length;
    expect(drawn(line.inlines, size)).toBeLessThanOrEqual(maxWidth);
    const next = out[i + 1];
    if (!next) return;
    // pdfmake must not glue the next line on, and a needless newline inline would be an empty line.
    const glues = pdfmakeGlues(line.inlines.at(-1) as string, next.inlines[0] as string);
    expect(line.glued, `${s} | ${next.inlines[0]}`).toBe(glues);
    if (newline) return;
    while ((bks[nextBreak] as number) <= p) nextBreak++;
    if (bks[nextBreak - 1] === p) {
      // Greedy: the next word did not fit.
      const word = text.slice(p, bks[nextBreak]).replace(/\r?\n$/, '');
      expect(drawn([...line.inlines, word], size)).toBeGreaterThan(maxWidth - SLACK);
    } else {
      // A hard wrap: as much of the word as fits, and not one character less.
      expect(text.slice(p - 1, p + 1)).not.toMatch(/^[\ud800-\udbff][\udc00-\udfff]$|^.[\p{M}\u200c\u200d]/su);
      expect(line.inlines).toHaveLength(1);
      expect(drawn([s + cluster(text.slice(p))], size, true)).toBeGreaterThan(maxWidth - SLACK);
    }
  });
  expect(p).toBe(text.length);
}

// No default-ignorable character the font lacks (e.g. U+200D): fontkit 2.0.4 caches the
// .notdef glyph with the code points of its first use, so whether such a character is hidden
// (0 wide) or drawn as .notdef (1000) depends on what that fontkit instance shaped before.
const TOKENS = [
  '中', '文', '预', '算', '绩', '效', '，', '。', '、', '（', '）', '《', '》', '：', '；', '“', '”',
  'AVATAR ', 'To', 'Wa', 'W', 'office ', 'fi', 'ffi', 'budget', 'e\u0301', '𠀀', '𝐀',
  '1', '2', '0', '100%', '3.14', '1-2', '-', '.', '/', '1234567890',
  ' ', '  ', '\u3000\u3000', '\u00a0', '\u2002', '\n', '\r\n',
];
const mixed = fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 60 }).map((t) => t.join(''));
/** A fixed text of `n` random tokens. */
const sample = (n: number, seed: number) =>
  (fc.sample(fc.array(fc.constantFrom(...TOKENS), { minLength: n, maxLength: n }), { seed, numRuns: 1 })[0] as string[]).join('');

describe('wrapText', () => {
  it('breaks Chinese between any two ideographs, filling each line greedily', () => {
    const text = '全方位培育引进用好海内外高层次人才推动产业发展';
    // Noto's ideographs are all one em wide (1000 units, unitsPerEm 1000).
    expect(font.unitsPerEm).toBe(1000);
    for (const c of text) expect(units(c)).toBe(1000);
    for (const size of [9, 10, 10.5]) {
      for (let k = 1; k <= 7; k++) {
        const got = lines(text, k * size + 0.5, size);
        expect(got.join('')).toBe(text);
        expect(got.slice(0, -1).every((l) => [...l].length === k)).toBe(true);
        expect([...(got.at(-1) as string)].length).toBeLessThanOrEqual(k);
      }
    }
  });

  it('keeps SLACK: a text exactly maxWidth wide fits only within SLACK', () => {
    expect(lines('中文中文', 40)).toEqual(['中文中', '文']);
    expect(lines('中文中文', 40 + SLACK * 0.99)).toEqual(['中文中', '文']);
    expect(lines('中文中文', 40 + SLACK * 1.01)).toEqual(['中文中文']);
    const w = (units('AVATAR') * 9) / 1000;
    expect(lines('AVATAR', w, 9)).toHaveLength(2);
    expect(lines('AVATAR', w + SLACK * 1.01, 9)).toEqual(['AVATAR']);
  });

  it('never starts a line with closing punctuation nor ends one with opening punctuation (UAX #14)', () => {
    expect(lines('中文中文，中文', 40.5)).toEqual(['中文中', '文，中文']);
    expect(lines('中文中文。中文', 40.5)).toEqual(['中文中', '文。中文']);
    expect(lines('中文中（文中文', 40.5)).toEqual(['中文中', '（文中文']);
    expect(lines('中文中《文》中文', 40.5)).toEqual(['中文中', '《文》中', '文']);
    expect(lines('预算（项目）', 30.5)).toEqual(['预算', '（项', '目）']);
    // Any mix, on lines at least three ideographs wide (enough for 《文》 or 文，).
    const chinese = fc.array(fc.constantFrom('中', '文', '中，', '文。', '（中', '《文》'), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(chinese, fc.integer({ min: 3, max: 9 }), (t, k) => {
        for (const l of lines(t.join(''), k * 10 + 0.5)) expect(l).not.toMatch(/^[，。、）》]|[（《]$/);
      }),
    );
  });

  it('never breaks a Latin word that fits a line, and hard-wraps one that does not, greedily', () => {
    const words = ['pubtable ', 'writes ', 'Chinese ', 'budget ', 'tables ', 'as ', 'PDF'];
    const widest = Math.max(...words.map((w) => units(w.trim())));
    const got = lines(words.join(''), (widest * 10) / 1000 + 0.01);
    expect(got.length).toBeGreaterThan(2);
    for (const l of got) for (const w of l.trim().split(' ')) expect(words.map((x) => x.trim())).toContain(w);
    checkAll('supercalifragilisticexpialidocious 12345678901234567890 office', 30, 10);
  });

  it('hard-wraps by whole characters: never inside a surrogate pair nor before a combining mark', () => {
    expect(lines('1234567890', 20)).toEqual(['123', '456', '789', '0']);
    expect(lines('𝐀𝐁𝐂𝐃𝐄', 25)).toEqual(['𝐀𝐁', '𝐂𝐃', '𝐄']); // one word (class AL) outside the BMP
    // Lines narrower than one character: each holds one whole character.
    expect(lines('𠀀𠀀', 5)).toEqual(['𠀀', '𠀀']);
    expect(lines('𝐀𝐁𝐂', 5)).toEqual(['𝐀', '𝐁', '𝐂']);
    expect(lines('e\u0301e\u0301e\u0301', 3)).toEqual(['e\u0301', 'e\u0301', 'e\u0301']);
    expect(lines('e\u0301e\u0301e\u0301e\u0301e\u0301', 12)).toEqual(['e\u0301e\u0301', 'e\u0301e\u0301', 'e\u0301']);
  });

  it("leaves trailing whitespace and the leading whitespace of a line's first word out of the fit", () => {
    expect(lines('中文   中', 20 + SLACK * 1.01)).toEqual(['中文   ', '中']);
    expect(lines('   中文', 20 + SLACK * 1.01)).toEqual(['   中文']);
    expect(lines('\n\u3000\u3000中文中', 30.5)).toEqual(['', '\u3000\u3000中文中']);
    // Whitespace between words counts: 中 + space + 文 is 22.56 points.
    expect(lines('中 文', 22.5)).toEqual(['中 ', '文']);
    expect(lines('中 文', 22.6)).toEqual(['中 文']);
  });

  // A word of whitespace alone (a U+3000 or other UAX #14 class BA space after a space, or
  // NBSP + U+3000) is all trailing whitespace, as in pdfmake (TRAILING matches the whole
  // word): 中中 + space = 22.56 points fits 30, so the U+3000 stays on the line.
  it('leaves a whitespace-only word at the end of a line out of the fit, as pdfmake does', () => {
    expect(lines('中中 \u3000中', 30)).toEqual(['中中 \u3000', '中']);
  });

  it('ends a line at every newline; an empty line stays a line', () => {
    expect(lines('a\nb', 100)).toEqual(['a', 'b']);
    expect(lines('a\n\nb', 100)).toEqual(['a', '', 'b']);
    expect(lines('\n\na', 100)).toEqual(['', '', 'a']);
    expect(lines('a\r\nb', 100)).toEqual(['a', 'b']);
    expect(lines('\n', 100)).toEqual(['']);
    expect(lines('a\n', 100)).toEqual(['a']); // as pdfmake: a final newline opens no line
  });

  it('merges context-free runs into one inline; a contextual word is an inline of its own', () => {
    expect(wrapText('中文，中文。12%（中）', metrics, 10, 200)).toEqual(['中文，中文。12%（中）']);
    expect(wrap('中文AV中文', 200)[0]?.inlines).toEqual(['中文', 'AV', '中文']);
    expect(wrap('中文fi中文', 200)[0]?.inlines).toEqual(['中文', 'fi', '中文']);
    // '-' and '.' kern with each other in Noto: the pair is shaped as part of a word, alone.
    expect(units('-.')).toBeLessThan(units('-') + units('.'));
    expect(wrap('中文-.中文', 200)[0]?.inlines).toEqual(['中', '文-.', '中文']);
    // Their widths are the shaped ones: the fi ligature and the kerned AV fit where the sum of letters would not.
    for (const pair of ['fi', 'AV']) {
      const [shaped, apart] = [units(pair), units(pair[0] as string) + units(pair[1] as string)];
      expect(shaped).toBeLessThan(apart);
      expect(lines(pair, ((shaped + apart) / 2) * 0.01)).toEqual([pair]);
      expect(lines(pair, (shaped - 1) * 0.01)).toEqual([...pair]);
    }
  });

  it('puts a newline inline where pdfmake would glue two lines', () => {
    const end = (text: string) => ({ text, lineEnd: true });
    // A hard-wrapped number: pdfmake would see one word across each line end.
    expect(wrapText('1234567', metrics, 10, 20)).toEqual([end('123'), NEWLINE, end('456'), NEWLINE, '7']);
    // A line ended by a newline before a digit or letter: without it, 12 and 34 make one word.
    expect(wrapText('12\n34', metrics, 10, 100)).toEqual([end('12'), NEWLINE, '34']);
    expect(wrapText('abc\ndef', metrics, 10, 100)).toEqual([end('abc'), NEWLINE, 'def']);
    expect(wrapText('（中', metrics, 10, 15)).toEqual([end('（'), NEWLINE, '中']);
    // UAX #14 breaks after an ideograph anyway: none needed, and none given (it would be an empty line).
    expect(wrapText('中\n1', metrics, 10, 100)).toEqual([end('中'), '1']);
    expect(wrapText('中文中文', metrics, 10, 20.5)).toEqual([end('中文'), '中文']);
    expect(wrapText('a\n\nb', metrics, 10, 100)).toEqual([end('a'), NEWLINE, end(''), 'b']);
  });

  it('keeps every rule on random mixes of ideographs, Latin, digits, spaces, punctuation and newlines', () => {
    fc.assert(
      fc.property(mixed, fc.integer({ min: 1400, max: 15000 }), fc.constantFrom(9, 10, 10.5, 12), (text, w, size) => {
        // Lines at least as wide as the widest character (W, 1053 units, at 12 points).
        checkAll(text, w / 100, size);
      }),
      { numRuns: 200 },
    );
  });

  it('hard-wraps long words without break opportunities: each piece as much as fits, shaped as drawn', () => {
    // Latin letters, ligatures, kerning pairs, digits, marks and astral letters: UAX #14 breaks none of these joins.
    const glued = ['budget', 'office', 'ffi', 'AVATAR', 'To', 'Wa', '1234567890', '3.14', 'e\u0301', '𝐀', '\u00a0'];
    const word = fc.array(fc.constantFrom(...glued), { minLength: 1, maxLength: 80 }).map((t) => t.join(''));
    fc.assert(
      fc.property(word, fc.integer({ min: 1400, max: 8000 }), fc.constantFrom(9, 10.5), (text, w, size) => {
        fc.pre(breaks(text).length === 1);
        checkAll(text, w / 100, size);
      }),
      { numRuns: 150 },
    );
  });

  it('wraps a 20,000-character text in well under a second', () => {
    const text = sample(12_000, 7).slice(0, 20_000);
    expect(text.length).toBe(20_000);
    const started = performance.now();
    wrapText(text, metrics, 10, 150);
    expect(performance.now() - started).toBeLessThan(1000); // about 0.1 s on an idle machine
    checkAll(text, 150, 10);
  });

  /** Code points metrics.ts is asked about (looked up or shaped) per character, wrapping `text` 100 points wide. */
  function work(text: string): number {
    const info = vi.spyOn(metrics, 'info');
    const shaped = vi.spyOn(metrics, 'shaped');
    try {
      wrapText(text, metrics, 10, 100);
      return (info.mock.calls.length + shaped.mock.calls.reduce((n, [s]) => n + s.length, 0)) / text.length;
    } finally {
      info.mockRestore();
      shaped.mockRestore();
    }
  }

  it('asks about each character of ordinary text a bounded number of times', () => {
    expect(work(sample(1000, 3))).toBeLessThan(10); // about 2
  });

  // A word without break opportunities (a long number, URL or base64 string) is measured
  // about a line at a time: measuring the whole rest for every line it is cut into (and
  // shaping it, for Latin letters) made 20,000 digits take ~3 s and 20,000 letters ~100 s.
  it('asks about each character of a long unbreakable word a bounded number of times', () => {
    expect(work('1234567890'.repeat(200))).toBeLessThan(10);
    expect(work('abcdefghij'.repeat(40))).toBeLessThan(10);
    // As many per character for a word ten times as long: linear.
    expect(work('1234567890'.repeat(2000))).toBeLessThan(10);
    expect(work('abcdefghij'.repeat(400))).toBeLessThan(10);
  });
});
