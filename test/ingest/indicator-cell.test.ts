/**
 * The 绩效指标 scanner (src/ingest/table/indicator-cell.ts) against the regular expressions
 * it replaced, kept here as its specification: the same result on the real example and on
 * fuzzed cells, and linear time on the cells that made the regexes backtrack for minutes.
 * The one intended difference, numbers from 1000 on starting an indicator (issue 10, item
 * 12), is written into the reference (`\d+` where it had `\d{1,3}`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIndicators, type IndicatorParse } from '../../src/ingest/table/indicator-cell.js';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import { parseTsv } from '../../src/ingest/text-export/tsv.js';
import { cleanCellText } from '../../src/ingest/table/cell-text.js';
import type { Source } from '../../src/model/types.js';
import { exampleText } from '../helpers/example.js';

// ---- the reference: the regular expressions of the parser before the scanner ----

const START = /(?:^|(?<=[。\n]))\s*(\d+)\s*[、.．]\s*(?=\d+\s*[-－])/g;
const FIELDS =
  /^(\d+)\s*[-－]\s*([^；;]*?)\s*[；;]\s*(\d+)\s*[-－]\s*([^；;]*?)\s*[；;]\s*([\s\S]*?)\s*[；;]\s*实施周期指标值\s*[：:]\s*([\s\S]*?)\s*[；;]\s*年度指标值\s*[：:]\s*([\s\S]*?)\s*[。.]?\s*$/;
const head = (s: string) => (s.trim().length > 60 ? `${s.trim().slice(0, 60)}…` : s.trim());

function reference(cell: string, source: Source): IndicatorParse {
  const text = cell.trim();
  if (text === '') return { ok: true, indicators: [] };
  const starts = [...text.matchAll(START)];
  if (starts.length === 0 || starts[0]!.index !== 0) return { ok: false, number: null, text: head(text) };
  const indicators = [];
  for (let i = 0; i < starts.length; i++) {
    const m = starts[i]!;
    const number = Number(m[1]);
    if (!Number.isSafeInteger(number)) return { ok: false, number: null, text: head(text.slice(m.index)) };
    const body = text.slice(m.index + m[0].length, starts[i + 1]?.index ?? text.length);
    const f = FIELDS.exec(body);
    if (!f) return { ok: false, number, text: head(body) };
    const [, c1, n1, c2, n2, name, cycleValue, annualValue] = f as unknown as string[];
    indicators.push({ number, level1: { code: c1!, name: n1! }, level2: { code: c2!, name: n2! }, name: name!, cycleValue: cycleValue!, annualValue: annualValue!, source });
  }
  return { ok: true, indicators };
}

// ---- fuzzed cells ----

const SOURCE: Source = { file: 'x.txt', line: 1 };
const SPACE = fc.constantFrom('', '', ' ', '  ', '\n', '\n\n', '\u3000', '\t', ' \n ');
const PIECES = ['1', '2', '12', '1000', '007', '、', '.', '．', '-', '－', '；', ';', '：', ':', '。', '实施周期指标值', '年度指标值', '产出', 'a', '%', '<1', '&'];
/** Any text made of the pieces that matter to the parser, and spaces. */
const noise = fc.array(fc.oneof(fc.constantFrom(...PIECES), SPACE), { maxLength: 12 }).map((xs) => xs.join(''));
const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);

/** A well-formed indicator with spaces and noise wherever a real export might put them. */
const indicator = fc
  .tuple(fc.integer({ min: 0, max: 1200 }), pick('、', '.', '．'), fc.array(SPACE, { minLength: 12, maxLength: 12 }), fc.array(noise, { minLength: 5, maxLength: 5 }), pick('；', ';'), pick('：', ':'), pick('。', '.', ''))
  .map(([n, sep, s, [l1, l2, name, cycle, annual], semi, colon, stop]) =>
    `${s[0]}${n}${s[1]}${sep}${s[2]}1${s[3]}-${s[4]}${l1}${semi}${s[5]}11-${l2}${s[6]}；${name}${s[7]}${semi}${s[8]}实施周期指标值${s[9]}${colon}${cycle}；年度指标值${colon}${annual}${s[10]}${stop}${s[11]}`,
  );
const cell = fc.oneof(
  fc.array(indicator, { minLength: 1, maxLength: 4 }).map((xs) => xs.join('')),
  fc.array(fc.oneof(indicator, noise), { minLength: 1, maxLength: 5 }).map((xs) => xs.join('')),
  noise,
);

describe('the indicator scanner gives what the regular expressions gave', () => {
  it('on every indicator cell of the real example', () => {
    const cells = parseTsv(exampleText()).rows.map((r) => cleanCellText(r.cells[6] ?? '')).filter((c) => c !== '');
    expect(cells.length).toBeGreaterThan(20);
    for (const c of cells) expect(parseIndicators(c, SOURCE), c).toEqual(reference(c, SOURCE));
    // No number ≥ 1000 there, so the one intended difference does not hide a change.
    expect(readTextExport(Buffer.from(exampleText()), 'in.txt').publication.units[0]!.projects.flatMap((p) => p.indicators).every((i) => i.number < 1000)).toBe(true);
  });

  it('on fuzzed cells: well-formed, broken, and noise', () => {
    fc.assert(
      fc.property(cell, (c) => {
        expect(parseIndicators(c, SOURCE)).toEqual(reference(c, SOURCE));
      }),
      { numRuns: 3000 },
    );
  });

  it('the fuzz reaches parses that succeed, fail, and number from 1000 on', () => {
    const results = fc.sample(cell, { numRuns: 500, seed: 7 }).map((c) => parseIndicators(c, SOURCE));
    expect(results.filter((r) => r.ok && r.indicators.length > 1).length).toBeGreaterThan(50);
    expect(results.filter((r) => !r.ok && r.number !== null).length).toBeGreaterThan(20);
    expect(results.some((r) => r.ok && r.indicators.some((i) => i.number >= 1000))).toBe(true);
  });
});

describe('the indicator scanner is linear', () => {
  const one = (annual: string, n: number | string = 1) => `${n}、1-产出指标；11-数量指标；人数；实施周期指标值：10人；年度指标值：${annual}。`;
  const timed = (c: string) => {
    const t0 = performance.now();
    const r = parseIndicators(c, SOURCE);
    return { r, ms: performance.now() - t0 };
  };

  it('8,000 blank lines inside a value, or between indicators, and 4,000 spaces: milliseconds', () => {
    const blank = '\n'.repeat(8000);
    const inside = timed(one(`10人${blank}x`));
    expect(inside.r).toMatchObject({ ok: true, indicators: [{ annualValue: `10人${blank}x` }] });
    const between = timed(one('10人') + blank + one('20人', 2));
    expect(between.r).toMatchObject({ ok: true, indicators: [{ annualValue: '10人' }, { number: 2, annualValue: '20人' }] });
    const spaces = timed(one(`10人${' '.repeat(4000)}x`));
    expect(spaces.r).toMatchObject({ ok: true, indicators: [{ annualValue: `10人${' '.repeat(4000)}x` }] });
    // Broken: no labels at all, 8,000 separators and blank lines to try.
    const broken = timed(`1、1-${'；\n'.repeat(8000)}`);
    expect(broken.r.ok).toBe(false);
    for (const t of [inside, between, spaces, broken]) expect(t.ms).toBeLessThan(100);
  });

  it('an indicator numbered 1000 starts an indicator; a number beyond 2^53 is unparseable', () => {
    const r = parseIndicators(one('10人', 999) + one('20人', 1000), SOURCE);
    expect(r).toMatchObject({ ok: true, indicators: [{ number: 999, annualValue: '10人' }, { number: 1000, annualValue: '20人' }] });
    expect(parseIndicators(one('10人', 1) + one('x', '9'.repeat(20)), SOURCE)).toMatchObject({ ok: false, number: null });
  });
});
