/**
 * What rule 1 counts as checkable, value by value: the values a finance office accepts
 * (including every non-numeric value of the example that passes) and those it sends back.
 */
import { describe, expect, it } from 'vitest';
import { measurability } from '../../src/review/criteria.js';

const how = (v: string) => measurability(v).how;

describe('measurability', () => {
  it('reads numbers: digits (full-width too), a Chinese numeral with a measure word, 零, 百分之', () => {
    for (const v of ['≥95%', '100%', '3次', '0起', '≤30个工作日', '2025年12月31日前', '＞９０％', '每季度一次', '两场', '零事故', '百分之九十', '上访投诉0起', '标准;100%']) {
      expect(how(v), v).toBe('number');
    }
  });

  it('does not take words that merely contain a numeral for numbers', () => {
    for (const v of ['进一步提高', '一定程度改善', '统一标准']) expect(how(v), v).not.toBe('number');
  });

  it('accepts criteria with a yes/no answer, as the example uses them', () => {
    for (const v of [
      '是', '否', '有', '无', '完成', '达标', '合格', '合规', '合法合规', '全部完成', '按时完成', '年底前完成',
      '符合要求', '通过上级考核验收', '各项检查结果达标', '完成年度考核确认后发放', '及时全额发放',
      '每月按时发放租赁工人员经费', '保障正常运行', '正常运作', '办公服务场所正常运转',
      '不发生因欠薪引发的重大群体性事件和个人极端性事件', '应发尽发', '无安全事故', '资金及时到位。',
    ]) {
      expect(how(v), v).toBe('criterion');
    }
  });

  it('reports trends, degrees and slogans', () => {
    for (const v of [
      '有效', '较好', '提高', '持续提升', '有所降低', '显著加强', '不断提高', '逐年提升', '便捷高效', '规范公平',
      '实现阳光招聘', '保障租赁人员队伍稳定', '及时排除故障', '保障退休人员合法权益', '满足日常机要送达及文件交换工作需求',
      '有效预防和妥善处置因欠薪引起的劳动保障群体突发事件的发生',
    ]) {
      expect(how(v), v).toBe('vague');
    }
  });

  it('reports a criterion spoilt by a word of degree, naming the word', () => {
    expect(measurability('高效完成')).toEqual({ how: 'degree', word: '高效' });
    expect(measurability('保障科室业务正常运行，提升服务质量')).toEqual({ how: 'degree', word: '提升' });
    expect(measurability('基本完成')).toEqual({ how: 'degree', word: '基本' });
  });

  it('calls nothing, spaces and a lone full stop empty', () => {
    for (const v of ['', '  ', '。']) expect(how(v), JSON.stringify(v)).toBe('empty');
  });

  it('takes extra accepted words as substrings, compared as squeezed text', () => {
    expect(measurability('队伍 稳定', ['队伍稳定']).how).toBe('criterion');
    expect(measurability('队伍稳定', ['', ' ']).how).toBe('vague');
  });
});
