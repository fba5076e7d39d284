/** How rule 2 reads a value as one quantity, and when it declines to. */
import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../src/review/quantity.js';

describe('parseQuantity', () => {
  it('reads direction, figure and unit', () => {
    expect(parseQuantity('≥95%')).toEqual({ direction: 'at-least', value: 95, unit: '%', kind: 'percent' });
    expect(parseQuantity('95%以上')).toEqual({ direction: 'at-least', value: 95, unit: '%', kind: 'percent' });
    expect(parseQuantity('不低于95%')).toEqual({ direction: 'at-least', value: 95, unit: '%', kind: 'percent' });
    expect(parseQuantity('1场以上')).toEqual({ direction: 'at-least', value: 1, unit: '场', kind: 'count' });
    expect(parseQuantity('约2000人')).toEqual({ direction: 'target', value: 2000, unit: '人', kind: 'count' });
    expect(parseQuantity('1,000人次。')).toEqual({ direction: 'target', value: 1000, unit: '人次', kind: 'count' });
    expect(parseQuantity('＜1％')).toEqual({ direction: 'at-most', value: 1, unit: '%', kind: 'percent' });
    expect(parseQuantity('≤30个工作日')).toEqual({ direction: 'at-most', value: 30, unit: '个工作日', kind: 'time' });
    expect(parseQuantity('8小时内')).toEqual({ direction: 'at-most', value: 8, unit: '小时', kind: 'time' });
    expect(parseQuantity('2.5万元及以下')).toEqual({ direction: 'at-most', value: 2.5, unit: '万元', kind: 'count' });
    expect(parseQuantity('约100人以上')).toEqual({ direction: 'at-least', value: 100, unit: '人', kind: 'count' });
  });

  it('declines anything that is not exactly one quantity', () => {
    for (const v of ['1000宗；500家企业', '每年开展季度绩效考核工作≥4次', '送达率100%', '160家/季', '1400名以上、150名以上', '100', '95以上', '不低于5%以下', '有效', '']) {
      expect(parseQuantity(v), v).toBeNull();
    }
  });
});
