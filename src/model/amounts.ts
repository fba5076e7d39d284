/**
 * The four amounts of a row (总计, 财政拨款, 财政专户拨款, 其他资金) taken together: zero,
 * and column by column sums, exact.
 */
import { addAmounts, ZERO } from './amount.js';
import type { Amounts } from './types.js';

export function zeroAmounts(): Amounts {
  return { total: ZERO, fiscal: ZERO, special: ZERO, other: ZERO };
}

export function sumAmounts(xs: readonly Amounts[]): Amounts {
  const sum = zeroAmounts();
  for (const x of xs) {
    sum.total = addAmounts(sum.total, x.total);
    sum.fiscal = addAmounts(sum.fiscal, x.fiscal);
    sum.special = addAmounts(sum.special, x.special);
    sum.other = addAmounts(sum.other, x.other);
  }
  return sum;
}
