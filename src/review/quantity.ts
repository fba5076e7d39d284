/**
 * An indicator value read as one bounded quantity (rule 2, REVIEW_ANNUAL_EXCEEDS_CYCLE):
 * `≥95%`, `95%以上`, `不低于95%`, `1场以上`, `约2000人`, `<1%`, `114人`. Only a value that is
 * exactly that is read; anything more (`1000宗；500家企业`, `每年开展…≥4次`, `送达率100%`,
 * `160家/季`) is not, so the rule stays silent rather than guess.
 */
import { squeeze } from './text.js';

/** at-least: ≥ > 以上; at-most: ≤ < 以内; target: a plain figure, 约, 左右. */
export type Direction = 'at-least' | 'at-most' | 'target';
/** percent: a rate; time: a duration or time limit; count: anything counted (人, 次, 万元…). */
export type UnitKind = 'percent' | 'time' | 'count';

export interface Quantity {
  direction: Direction;
  value: number;
  unit: string;
  kind: UnitKind;
}

const PREFIX: Record<string, Direction> = {
  '≥': 'at-least', '>=': 'at-least', '>': 'at-least', '≧': 'at-least',
  不低于: 'at-least', 不少于: 'at-least', 不小于: 'at-least', 至少: 'at-least',
  大于: 'at-least', 高于: 'at-least', 超过: 'at-least', 多于: 'at-least', 达到: 'at-least',
  '≤': 'at-most', '<=': 'at-most', '<': 'at-most', '≦': 'at-most',
  不高于: 'at-most', 不超过: 'at-most', 不多于: 'at-most', 不大于: 'at-most', 至多: 'at-most',
  少于: 'at-most', 小于: 'at-most', 低于: 'at-most', 控制在: 'at-most',
  '=': 'target', 约: 'target', 为: 'target', 共: 'target',
};

const SUFFIX: Record<string, Direction> = {
  以上: 'at-least', 及以上: 'at-least',
  以下: 'at-most', 及以下: 'at-most', 以内: 'at-most', 之内: 'at-most', 内: 'at-most',
  左右: 'target',
};

const alternatives = (xs: string[]) =>
  xs.sort((a, b) => b.length - a.length).map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');

// Longest alternatives first, so that 及以上 is not read as 及 + 以上.
const SHAPE = new RegExp(
  `^(${alternatives(Object.keys(PREFIX))})?(\\d+(?:,\\d{3})*(?:\\.\\d+)?)(%|‰|[\\p{Script=Han}]{1,5}?)(${alternatives(Object.keys(SUFFIX))})?$`,
  'u',
);

/** Durations and time limits: not summed over the years, so a year may have the cycle's. */
const TIME_UNIT = /^(?:个)?(?:工作日|自然日|日|天|小时|分钟|秒|周|星期|个月|月|年|季度)$/;

export function parseQuantity(text: string): Quantity | null {
  const t = squeeze(text).replace(/[。.]+$/u, '');
  // 每 and a slash are rates per period (160家/季, 每年4次): no part of a whole.
  if (/[每/]/.test(t)) return null;
  const m = SHAPE.exec(t);
  if (!m) return null;
  const [, prefix, figure, unit, suffix] = m;
  // `95以上` has no unit: the lazy unit would have taken 以上 for one.
  if (Object.hasOwn(SUFFIX, unit!)) return null;
  const before = prefix === undefined ? undefined : PREFIX[prefix];
  const after = suffix === undefined ? undefined : SUFFIX[suffix];
  // 不低于5%以下 says two things: not one quantity.
  if (before !== undefined && after !== undefined && before !== after && before !== 'target' && after !== 'target') return null;
  const direction = (before !== 'target' ? before : undefined) ?? (after !== 'target' ? after : undefined) ?? 'target';
  const kind: UnitKind = unit === '%' || unit === '‰' ? 'percent' : TIME_UNIT.test(unit!) ? 'time' : 'count';
  return { direction, value: Number(figure!.replace(/,/g, '')), unit: unit!, kind };
}
