/**
 * The helpers every template may use: formatting shared by all output formats, so that a
 * figure or an indicator line reads the same in PDF, Word and Excel.
 */
import type { HelperDelegate } from 'handlebars';
import { amountToString, formatAmount, type Amount } from '../model/amount.js';
import { formatSource } from '../model/diagnostic.js';
import { formatIndicator } from '../model/indicator-text.js';
import type { Indicator, Source } from '../model/types.js';
import { indicatorRows } from './indicator-rows.js';

export const helpers: Record<string, HelperDelegate> = {
  /** `1,230.74`; zero is an empty cell in the official tables. */
  amount: (a: Amount) => (a === 0n ? '' : formatAmount(a)),
  /** `1230.74`, for a cell's `number` attribute. */
  amountValue: (a: Amount) => amountToString(a),
  nonzero: (a: Amount) => a !== 0n,
  /** `1、1-产出指标；11-数量指标；名称；实施周期指标值：X；年度指标值：Y。` with full-width separators. */
  indicator: (ind: Indicator) => formatIndicator(ind),
  /** Indicators with the row spans of their merged 一级/二级 cells. */
  indicatorRows: (xs: Indicator[]) => indicatorRows(xs),
  /** 1-based numbering from `@index`. */
  inc: (n: number) => n + 1,
  /** Where a record came from, for renderer warnings. */
  ref: (s: Source) => formatSource(s),
};

/** How many arguments each helper takes: a template calling one otherwise is refused at its line. */
export const HELPER_ARITY: Record<string, number> = Object.fromEntries(
  Object.entries(helpers).map(([name, fn]) => [name, fn.length]),
);
