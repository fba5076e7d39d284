/**
 * The 绩效指标 cell: numbered indicators, each of five fields, e.g.
 * `1、1-产出指标；11-数量指标；培育扶持产业人才数量；实施周期指标值:1000人次；年度指标值:1000人次。`
 * Full- and half-width separators are both accepted. Values are kept verbatim, including
 * separators inside them (`实施周期指标值:标准;100%`), because the field labels, not the
 * separators, mark where a value ends.
 */
import type { CodedName, Indicator, Source } from '../../model/types.js';

/** An indicator starts at the cell start, after `。` or after a line break: `N、` then a code. */
const START = /(?:^|(?<=[。\n]))\s*(\d{1,3})\s*[、.．]\s*(?=\d+\s*[-－])/g;

const FIELDS =
  /^(\d+)\s*[-－]\s*([^；;]*?)\s*[；;]\s*(\d+)\s*[-－]\s*([^；;]*?)\s*[；;]\s*([\s\S]*?)\s*[；;]\s*实施周期指标值\s*[：:]\s*([\s\S]*?)\s*[；;]\s*年度指标值\s*[：:]\s*([\s\S]*?)\s*[。.]?\s*$/;

export type IndicatorParse =
  | { ok: true; indicators: Indicator[] }
  | { ok: false; number: number | null; text: string };

export function parseIndicators(cell: string, source: Source): IndicatorParse {
  const text = cell.trim();
  if (text === '') return { ok: true, indicators: [] };
  const starts = [...text.matchAll(START)];
  if (starts.length === 0 || starts[0]!.index !== 0) {
    return { ok: false, number: null, text: firstLine(text) };
  }
  const indicators: Indicator[] = [];
  for (let i = 0; i < starts.length; i++) {
    const m = starts[i]!;
    const body = text.slice(m.index + m[0].length, starts[i + 1]?.index ?? text.length);
    const number = Number(m[1]);
    const f = FIELDS.exec(body);
    if (!f) return { ok: false, number, text: firstLine(body) };
    indicators.push({
      number,
      level1: coded(f[1]!, f[2]!),
      level2: coded(f[3]!, f[4]!),
      name: f[5]!,
      cycleValue: f[6]!,
      annualValue: f[7]!,
      source,
    });
  }
  return { ok: true, indicators };
}

function coded(code: string, name: string): CodedName {
  return { code, name };
}

function firstLine(s: string): string {
  const t = s.trim();
  return t.length > 60 ? `${t.slice(0, 60)}…` : t;
}
