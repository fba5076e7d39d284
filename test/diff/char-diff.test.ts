/**
 * Which characters of a corrected text changed (src/diff/char-diff.ts): the marks put the
 * old text and the new back together exactly, never split a character, and keep what is
 * shared as shared, so 常 → 全 in a 150-character goal is one mark each side.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markChanges, type Mark } from '../../src/diff/char-diff.js';

const side = (marks: Mark[], op: 'del' | 'ins') => marks.filter((m) => m.op !== op).map((m) => m.text).join('');
const shared = (marks: Mark[]) => marks.filter((m) => m.op === 'same').reduce((n, m) => n + [...m.text].length, 0);

/** The length of the longest common subsequence, by the textbook table (for short texts). */
function lcs(a: string[], b: string[]): number {
  const t = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) t[i]![j] = a[i - 1] === b[j - 1] ? t[i - 1]![j - 1]! + 1 : Math.max(t[i - 1]![j]!, t[i]![j - 1]!);
  return t[a.length]![b.length]!;
}

describe('markChanges', () => {
  it('marks the one character corrected in a goal', () => {
    const goal = '通过提供常年法律指导，提供重大政策、决策法律意见，代理承担部分行政复议及诉讼案件。';
    expect(markChanges(goal, goal.replace('常年', '全年'))).toEqual([
      { op: 'same', text: '通过提供' },
      { op: 'del', text: '常' },
      { op: 'ins', text: '全' },
      { op: 'same', text: goal.slice(5) },
    ]);
  });

  it('gives a deletion, an insertion, or nothing at all for texts that are empty or equal', () => {
    expect(markChanges('', '')).toEqual([]);
    expect(markChanges('就业补贴', '就业补贴')).toEqual([{ op: 'same', text: '就业补贴' }]);
    expect(markChanges('就业补贴', '')).toEqual([{ op: 'del', text: '就业补贴' }]);
    expect(markChanges('', '就业补贴')).toEqual([{ op: 'ins', text: '就业补贴' }]);
    expect(markChanges('以提升办公效率和安全性。', '以提升办公效率。')).toEqual([
      { op: 'same', text: '以提升办公效率' },
      { op: 'del', text: '和安全性' },
      { op: 'same', text: '。' },
    ]);
  });

  it('never splits a character outside the Basic Multilingual Plane', () => {
    const marks = markChanges('指标𠀀值', '指标𠀁值');
    expect(marks).toEqual([
      { op: 'same', text: '指标' },
      { op: 'del', text: '𠀀' },
      { op: 'ins', text: '𠀁' },
      { op: 'same', text: '值' },
    ]);
  });

  it('puts both texts back together exactly, keeps the most characters shared, and never repeats an op', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '常', '全', '年', '𠀀'), maxLength: 24 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        const marks = markChanges(a, b);
        expect(side(marks, 'ins')).toBe(a);
        expect(side(marks, 'del')).toBe(b);
        expect(shared(marks)).toBe(lcs([...a], [...b]));
        for (let i = 1; i < marks.length; i++) expect(marks[i]!.op).not.toBe(marks[i - 1]!.op);
        expect(marks.every((m) => m.text !== '')).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('texts too unlike to compare character by character are one deletion and one insertion', () => {
    const a = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7) % 500))).join('');
    const b = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(0x4e00 + ((i * 11) % 499))).join('');
    const marks = markChanges(a, b);
    expect(side(marks, 'ins')).toBe(a);
    expect(side(marks, 'del')).toBe(b);
  });
});
