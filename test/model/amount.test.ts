import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addAmounts, amountFromNumber, amountToNumber, amountToString, formatAmount, parseAmount, readAmount, readAmountNumber, type Amount } from '../../src/model/amount.js';
import { sumAmounts } from '../../src/model/amounts.js';
import { cleanCellText } from '../../src/ingest/table/cell-text.js';
import { parseTsv } from '../../src/ingest/text-export/tsv.js';

describe('amounts are exact', () => {
  it('parses the forms found in exports', () => {
    expect(['3,105.64', '3105.64', '3105.6', '12', '', '１，２３０．７４', '-0.50'].map((t) => parseAmount(t))).toEqual([
      310564n, 310564n, 310560n, 1200n, 0n, 123074n, -50n,
    ]);
    for (const bad of ['1.234', '12元', 'abc', '1,23.00', '3,105.64.1']) expect(parseAmount(bad), bad).toBeNull();
  });

  it('adds without floating-point error and formats with separators', () => {
    const tenths = Array.from({ length: 10 }, () => parseAmount('0.10')!);
    expect(amountToString(addAmounts(...tenths))).toBe('1.00');
    expect(formatAmount(parseAmount('1230.74')!)).toBe('1,230.74');
    expect(formatAmount(parseAmount('-1234567.5')!)).toBe('-1,234,567.50');
    expect(['0', '1', '12', '123', '1234', '123456', '1234567'].map((w) => formatAmount(parseAmount(w)!))).toEqual([
      '0.00', '1.00', '12.00', '123.00', '1,234.00', '123,456.00', '1,234,567.00',
    ]);
    expect(amountFromNumber(3105.64)).toBe(310564n);
    expect(amountFromNumber(0.1 + 0.2)).toBe(30n);
    expect(amountFromNumber(1.234)).toBeNull();
  });

  it('refuses spaces inside an amount, keeps those around it', () => {
    for (const bad of ['10 000', '12 3.45', '1 234.56', '1,234 .56', '1\u3000000', '- 5.00']) expect(readAmount(bad), bad).toEqual({ ok: false, why: 'syntax' });
    expect([' 12.00 ', '\u30001,230.74\u3000', '\t3.1\n'].map(parseAmount)).toEqual([1200n, 123074n, 310n]);
  });

  it('holds at most 15 digits with the cents, what a spreadsheet holds exactly; so does a number', () => {
    expect(parseAmount('9,999,999,999,999.99')).toBe(999_999_999_999_999n);
    expect(parseAmount('-9999999999999.99')).toBe(-999_999_999_999_999n);
    expect(parseAmount('0000000000000000001.00')).toBe(100n); // leading zeros are no digits
    for (const big of ['10000000000000.00', '99999999999999', '123,456,789,014,967.82', '9'.repeat(200_000)]) {
      expect(readAmount(big), big.slice(0, 30)).toEqual({ ok: false, why: 'digits' });
    }
    expect(readAmountNumber(9999999999999.99)).toEqual({ ok: true, amount: 999_999_999_999_999n });
    for (const n of [1e13, -1e13, 1e306, 1e307, Number.MAX_VALUE]) expect(readAmountNumber(n), String(n)).toEqual({ ok: false, why: 'digits' });
    for (const n of [Infinity, -Infinity, NaN]) expect(readAmountNumber(n), String(n)).toEqual({ ok: false, why: 'syntax' });
    // Every amount read converts to a double and back exactly.
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), (n) => {
        expect(amountFromNumber(amountToNumber(n as Amount))).toBe(n);
      }),
    );
  });

  it('rounds spreadsheet noise, refuses a third decimal even in a large amount', () => {
    expect(amountFromNumber(38.440000000000005)).toBe(3844n);
    expect(amountFromNumber(0.1 + 0.2 - 0.3)).toBe(0n);
    for (const n of [1234567.781, 123456789.125, 38.445]) expect(amountFromNumber(n), String(n)).toBeNull();
  });

  it('formats in linear time and sums many amounts exactly', () => {
    const huge = BigInt('9'.repeat(200_000)) as Amount;
    const t0 = performance.now();
    const text = formatAmount(huge);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(text).toMatch(/^999(,999){66665}\.99$/);
    // 130,000 projects of the largest amount: exact, as any sum of bigints.
    const max = 999_999_999_999_999n as Amount;
    const many = Array.from({ length: 130_000 }, () => ({ total: max, fiscal: max, special: max, other: max }));
    expect(sumAmounts(many).total).toBe(130_000n * max);
    expect(formatAmount(sumAmounts(many).total)).toBe('1,299,999,999,999,998,700.00');
  });

  it('format and parse are inverse for any amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }), (n) => {
        const a = n as Amount;
        expect(parseAmount(formatAmount(a))).toBe(a);
        expect(parseAmount(amountToString(a))).toBe(a);
      }),
    );
  });
});

describe('cell text and TSV', () => {
  it('removes <p>/<br> and entities but keeps text like <1%', () => {
    expect(cleanCellText('<p>实施周期指标值：<1%；a&lt;b&amp;c</p>')).toBe('实施周期指标值：<1%；a<b&c');
    expect(cleanCellText('<P>第一段</P><p>第二段<br/>第三行</p>')).toBe('第一段\n第二段\n第三行');
    expect(cleanCellText('x &#8805; 90% &nbsp;&unknown;')).toBe('x ≥ 90%  &unknown;');
  });

  it('strips only known tags written as tags: `a<b && c>d` keeps its text', () => {
    expect(cleanCellText('a<b && c>d')).toBe('a<b && c>d');
    expect(cleanCellText('x<p && y>z；<b>粗</b>')).toBe('x<p && y>z；粗');
    expect(cleanCellText(`<p class="x" style='a:b' data-n=1 hidden>甲</p ><span>乙</span><font face=宋体>丙</font><br class="x"/>丁`)).toBe('甲乙丙\n丁');
    expect(cleanCellText('<b=1>与<i "x">')).toBe('<b=1>与<i "x">');
  });

  it('trims thousands of blank lines and spaces in linear time', () => {
    const cell = `\n${' \n'.repeat(20_000)}甲${'\n'.repeat(20_000)}乙${' \n'.repeat(20_000)}`;
    const t0 = performance.now();
    expect(cleanCellText(cell)).toBe(`甲${'\n'.repeat(20_000)}乙`);
    expect(cleanCellText(`<p ${'a '.repeat(20_000)}`)).toBe(`<p ${'a '.repeat(20_000)}`.trim());
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('reads quoted cells with tabs, quotes and line breaks, and knows each row’s line', () => {
    const text = 'a\t"b\tc"\t"he said ""hi"""\r\n"multi\r\nline"\tz\n\nlast';
    const t = parseTsv(text);
    expect(t.rows.map(({ cells, line }) => ({ cells, line }))).toEqual([
      { cells: ['a', 'b\tc', 'he said "hi"'], line: 1 },
      { cells: ['multi\nline', 'z'], line: 2 },
      { cells: [''], line: 4 },
      { cells: ['last'], line: 5 },
    ]);
    // Each cell's raw text, quotes and all, from the offsets (what a correction rewrites).
    const raw = (o: number[]) => o.slice(0, -1).map((start, k) => text.slice(start, k < o.length - 2 ? o[k + 1]! - 1 : o.at(-1)));
    expect(t.rows.map((r) => raw(r.offsets))).toEqual([['a', '"b\tc"', '"he said ""hi"""'], ['"multi\r\nline"', 'z'], [''], ['last']]);
    expect(parseTsv('a\tb\t').rows[0]!.offsets).toEqual([0, 2, 4, 4]);
    expect(parseTsv('a\t"open\nrest').unterminatedQuoteLine).toBe(1);
  });
});
