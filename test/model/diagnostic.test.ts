/**
 * How messages are made and shown: repeats cut to a count, input quoted in excerpts, places
 * written and read back, and the line a user sees. The message suites check these through
 * readers; here each rule is pinned at its edges.
 */
import { describe, expect, it } from 'vitest';
import { describeInvalidCharacter, findInvalidCharacter, invalidCharacterMessage, showInvalidCharacters } from '../../src/model/characters.js';
import { error, excerpt, formatDiagnostic, formatSource, hasErrors, limitRepeats, parseSourceRef, warning, type Diagnostic } from '../../src/model/diagnostic.js';
import { isYearInRange } from '../../src/model/year.js';

const at = (line: number) => ({ file: 'in.txt', line });

describe('limitRepeats', () => {
  const many = (n: number): Diagnostic[] => Array.from({ length: n }, (_, i) => error('INVALID_ENCODING', `第${i + 1}处`, at(i + 1)));

  it('keeps the first max of a code, then one message at the next place saying how many more', () => {
    const ds = [warning('OTHER', '别的', at(100)), ...many(25), error('OTHER', '别的', at(200))];
    const out = limitRepeats(ds, 'INVALID_ENCODING', 20);
    expect(out.map((d) => d.message)).toEqual(['别的', ...many(20).map((d) => d.message), '另有 5 处同类问题未逐一列出，从此处起', '别的']);
    expect(out[21]!.source).toEqual(at(21));
    expect(out[21]!.code).toBe('INVALID_ENCODING');
  });

  it('leaves exactly max repeats, and other codes, as they are', () => {
    expect(limitRepeats(many(20), 'INVALID_ENCODING', 20)).toEqual(many(20));
    expect(limitRepeats(many(21), 'OTHER', 20)).toEqual(many(21));
    expect(limitRepeats(many(21), 'INVALID_ENCODING', 20).at(-1)!.message).toBe('另有 1 处同类问题未逐一列出，从此处起');
  });
});

describe('excerpt', () => {
  it('quotes short text whole, trimmed', () => {
    expect(excerpt('  就业补贴项目 ')).toBe('就业补贴项目');
    expect(excerpt('x'.repeat(40))).toBe('x'.repeat(40));
  });

  it('cuts a long line at max, and a text of several lines after its first, marking the cut', () => {
    expect(excerpt('x'.repeat(41))).toBe(`${'x'.repeat(40)}…`);
    expect(excerpt('abcdef', 3)).toBe('abc…');
    expect(excerpt('第一行\n第二行')).toBe('第一行…');
  });
});

describe('places and lines', () => {
  it('hasErrors: any error, not warnings', () => {
    expect(hasErrors([])).toBe(false);
    expect(hasErrors([warning('W', 'w', at(1))])).toBe(false);
    expect(hasErrors([warning('W', 'w', at(1)), error('E', 'e', at(2))])).toBe(true);
  });

  it('formatSource writes file, file:line and file!sheet!cell; parseSourceRef reads each back', () => {
    const places = [{ file: 'a.txt' }, { file: 'a.txt', line: 12 }, { file: 'b.xlsx', sheet: 'Sheet1', cell: 'B7' }];
    expect(places.map(formatSource)).toEqual(['a.txt', 'a.txt:12', 'b.xlsx!Sheet1!B7']);
    for (const p of places) expect(parseSourceRef(formatSource(p))).toEqual(p);
    expect(formatSource({ file: 'b.xlsx', sheet: '表1' })).toBe('b.xlsx!表1!');
  });

  it('parseSourceRef takes only a whole line number or cell at the end; anything else is the file', () => {
    expect(parseSourceRef('C:\\数据\\a.txt:3')).toEqual({ file: 'C:\\数据\\a.txt', line: 3 });
    expect(parseSourceRef('a.txt:12x')).toEqual({ file: 'a.txt:12x' });
    expect(parseSourceRef('a.txt:x12')).toEqual({ file: 'a.txt:x12' });
    expect(parseSourceRef('x!a.txt:12')).toEqual({ file: 'x!a.txt', line: 12 });
    expect(parseSourceRef('b.xlsx!S!7B')).toEqual({ file: 'b.xlsx!S!7B' });
    expect(parseSourceRef('b.xlsx!S!B7!')).toEqual({ file: 'b.xlsx!S!B7!' });
    expect(parseSourceRef('b.xlsx!S!AB12')).toEqual({ file: 'b.xlsx', sheet: 'S', cell: 'AB12' });
    expect(parseSourceRef('b.xlsx!!B7')).toEqual({ file: 'b.xlsx', sheet: '', cell: 'B7' });
  });

  it('formatDiagnostic: place, 错误 or 警告, code, message, with control characters made visible', () => {
    expect(formatDiagnostic(error('E_CODE', '坏了\u0007', at(3)))).toBe('in.txt:3: 错误 E_CODE: 坏了<U+0007>');
    expect(formatDiagnostic(warning('W_CODE', '注意', { file: 'b.xlsx', sheet: 'S', cell: 'C2' }))).toBe('b.xlsx!S!C2: 警告 W_CODE: 注意');
  });
});

describe('characters no document can hold', () => {
  it('finds C0 controls but tab, LF and CR, at their index', () => {
    for (const ok of ['', 'a\tb\nc\rd', ' ~', '\u007f', '\ud7ff\ue000\ufffd']) expect(findInvalidCharacter(ok), JSON.stringify(ok)).toBeNull();
    expect(findInvalidCharacter('ab\u0000')).toEqual({ index: 2, codePoint: 0 });
    expect(findInvalidCharacter('\u0008')).toEqual({ index: 0, codePoint: 8 });
    expect(findInvalidCharacter('x\u000b')).toEqual({ index: 1, codePoint: 0x0b });
    expect(findInvalidCharacter('x\u001f')).toEqual({ index: 1, codePoint: 0x1f });
  });

  it('finds non-characters and lone surrogates; a pair is one character', () => {
    expect(findInvalidCharacter('\ufffe')).toEqual({ index: 0, codePoint: 0xfffe });
    expect(findInvalidCharacter('a\uffff')).toEqual({ index: 1, codePoint: 0xffff });
    expect(findInvalidCharacter('😀𠂇\udbff\udc00\ud800\udfff')).toBeNull();
    expect(findInvalidCharacter('😀\u0001')).toEqual({ index: 2, codePoint: 1 });
    expect(findInvalidCharacter('a\ud800')).toEqual({ index: 1, codePoint: 0xd800 });
    expect(findInvalidCharacter('\udbffb')).toEqual({ index: 0, codePoint: 0xdbff });
    expect(findInvalidCharacter('\ud800\ud800\udc00')).toEqual({ index: 0, codePoint: 0xd800 });
    expect(findInvalidCharacter('a\udc00')).toEqual({ index: 1, codePoint: 0xdc00 });
    expect(findInvalidCharacter('\udfff')).toEqual({ index: 0, codePoint: 0xdfff });
  });

  it('names them for a message, with the field and the 1-based position', () => {
    expect([0x01, 0x1f, 0xd800, 0xdfff, 0xfffe].map(describeInvalidCharacter)).toEqual([
      'U+0001（控制字符）', 'U+001F（控制字符）', 'U+D800（不成对的代理码位）', 'U+DFFF（不成对的代理码位）', 'U+FFFE（非字符）',
    ]);
    expect(invalidCharacterMessage('绩效目标', { index: 4, codePoint: 7 })).toBe('绩效目标中有无法输出的字符 U+0007（控制字符）（第5个字符）：请删除或改为可见字符');
  });

  it('shows each in quoted text as <U+XXXX>, and leaves the rest', () => {
    expect(showInvalidCharacters('a\u0001b\ufffec😀\ud800\t\n')).toBe('a<U+0001>b<U+FFFE>c😀<U+D800>\t\n');
    expect(showInvalidCharacters('\u001b[31m')).toBe('<U+001B>[31m');
  });
});

describe('the year', () => {
  it('is a whole number from 1000 to 9999', () => {
    expect([999, 1000, 2025, 9999, 10000, 2025.5, Number.NaN, -5].map(isYearInRange)).toEqual([false, true, true, true, false, false, false, false]);
  });
});
