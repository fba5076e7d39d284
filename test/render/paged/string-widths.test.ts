/**
 * The width shortcut for pdfkit (src/render/paged/string-widths.ts) against pdfkit itself:
 * for any text it does not refuse, the very same double pdfkit's widthOfString gives
 * with fontkit shaping every word (this process installs no shortcut in pdfkit).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openFace } from '../../../src/render/paged/fonts.js';
import { plainWidth } from '../../../src/render/paged/string-widths.js';

const require = createRequire(import.meta.url);
const FONT = require.resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');
const metrics = openFace({ path: FONT }).metrics;
const PDFDocument = createRequire(require.resolve('pdfmake'))('pdfkit') as new (o: object) => {
  font(src: Buffer): { _font: { scale: number; widthOfString(text: string, size: number): number } };
};
const pdfkitFont = new PDFDocument({ autoFirstPage: false }).font(readFileSync(FONT))._font;
/** pdfkit's own: size 1000 multiplies by exactly 1. */
const pdfkitWidth = (text: string) => pdfkitFont.widthOfString(text, 1000);

describe('string widths without shaping', () => {
  it('are pdfkit’s to the last bit for the texts of these tables', () => {
    const texts = [
      '',
      ' ',
      '全方位培育、引进、用好海内外高层次人才，推动产业发展。',
      '1、数量指标；实施周期指标值：>90%。 ',
      '  90%  ',
      '3,105.64',
      '1 2  3',
      '𠂇𠂉 中文',
    ];
    for (const text of texts) {
      const width = plainWidth(text, metrics, pdfkitFont.scale);
      expect(width, JSON.stringify(text)).not.toBeNull();
      expect(Object.is(width, pdfkitWidth(text)), JSON.stringify(text)).toBe(true);
    }
  });

  it('refuses text fontkit would shape (kerning pairs, ligatures, marks) and tabs', () => {
    for (const text of ['AVATAR', 'office', 'e\u0301', 'a\tb']) expect(plainWidth(text, metrics, pdfkitFont.scale), text).toBeNull();
  });

  it('are pdfkit’s to the last bit for any mix of CJK, Latin, digits, punctuation and spaces', () => {
    const pieces = ['中', '文', '，', '。', '（', '）', '1', '9', '.', '%', 'a', 'T', 'o', ' ', ' ', ' ', '—', '“', '”', '𠂇', '、', 'A', 'V'];
    let compared = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        const width = plainWidth(text, metrics, pdfkitFont.scale);
        if (width !== null) compared++;
        return width === null || Object.is(width, pdfkitWidth(text));
      }),
      { numRuns: 2000 },
    );
    expect(compared).toBeGreaterThan(200);
  });
});
