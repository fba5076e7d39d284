/**
 * The row-height estimate of the Excel writer (Excel does not fit wrapped or merged cells
 * itself): which characters count as full width, and how a word longer than a line breaks.
 * An estimate too low hides text in the printed sheet.
 */
import { describe, expect, it } from 'vitest';
import { countLines } from '../../../src/render/xlsx/text-measure.js';

/** 11 copies in a 10 em line: 2 lines if the character is full width (1 em), 1 if narrow. */
const elevenIn10 = (cp: number) => countLines(String.fromCodePoint(cp).repeat(11), 10);

describe('countLines', () => {
  it('an empty text still has a row, and each paragraph starts a line', () => {
    expect(countLines('', 10)).toBe(1);
    expect(countLines('a\nb\n', 10)).toBe(3);
  });

  it('full-width forms, emoji and the supplementary ideographs are 1 em, at both ends of each range', () => {
    for (const cp of [0xffe0, 0xffe5, 0xffe6, 0x1f300, 0x1f30f, 0x1faff, 0x20000, 0x2a6d6, 0x3fffd, 0x4e2d, 0xff0c]) {
      expect(elevenIn10(cp), cp.toString(16)).toBe(2);
    }
    for (const cp of [0xffe7, 0xffdf, 0x1f2ff, 0x1fb00, 0x1ffff, 0x3fffe, 0x61]) {
      expect(elevenIn10(cp), cp.toString(16)).toBe(1);
    }
  });

  it('a Latin word longer than a line breaks anywhere, after moving to a fresh line', () => {
    // 40 × 0.55 em = 22 em; 18 letters (9.9 em) fit in 10 em: 18 + 18 + 4.
    expect(countLines('a'.repeat(40), 10)).toBe(3);
    // After 中 the word does not fit: a new line, then the same three.
    expect(countLines(`中${'a'.repeat(40)}`, 10)).toBe(4);
    // A word that fits the rest of the line stays on it.
    expect(countLines(`中${'a'.repeat(16)}`, 10)).toBe(1);
    expect(countLines(`中${'a'.repeat(17)}`, 10)).toBe(2);
  });
});
