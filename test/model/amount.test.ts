import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addAmounts, amountFromNumber, amountToString, formatAmount, parseAmount, type Amount } from '../../src/model/amount.js';
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
    expect(amountFromNumber(3105.64)).toBe(310564n);
    expect(amountFromNumber(0.1 + 0.2)).toBe(30n);
    expect(amountFromNumber(1.234)).toBeNull();
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

  it('reads quoted cells with tabs, quotes and line breaks, and knows each row’s line', () => {
    const t = parseTsv('a\t"b\tc"\t"he said ""hi"""\r\n"multi\r\nline"\tz\n\nlast');
    expect(t.rows).toEqual([
      { cells: ['a', 'b\tc', 'he said "hi"'], line: 1 },
      { cells: ['multi\nline', 'z'], line: 2 },
      { cells: [''], line: 4 },
      { cells: ['last'], line: 5 },
    ]);
    expect(parseTsv('a\t"open\nrest').unterminatedQuoteLine).toBe(1);
  });
});
