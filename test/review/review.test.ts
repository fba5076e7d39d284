/** review() as a whole: order, switches, purity, places other than lines, size. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/review/rules-file.js';
import { review } from '../../src/review/review.js';
import { RULE_CODES, type RuleSettings } from '../../src/review/settings.js';
import { GOOD, ind, oneUnit, publication } from './build.js';

const summary = (fs: ReturnType<typeof review>) => fs.map((f) => `${f.project} ${f.code}${/第(\d+)条/.exec(f.message)?.[0] ?? ''}`);

describe('review', () => {
  it('orders by table (project, then its indicators), then by rule', () => {
    const p = publication([
      {
        name: '甲单位',
        projects: [
          { name: '一', goal: '同一目标' },
          {
            name: '二',
            indicators: [
              ind('1-产出指标', '11-数量指标', '人数', '100人', '120人'),
              ind('3-满意度指标', '31-服务对象满意度', '满意度', '较高'),
              ind('3-满意度指标', '31-服务对象满意度', '满意度', '≥90%'),
            ],
          },
        ],
      },
      { name: '乙单位', projects: [{ name: '三', goal: '同一目标', indicators: GOOD.slice(0, 2) }] },
    ]);
    expect(summary(review(p, DEFAULT_RULES))).toEqual([
      '一 REVIEW_DUPLICATE_GOAL',
      '二 REVIEW_MISSING_CATEGORY',
      '二 REVIEW_ANNUAL_EXCEEDS_CYCLE第1条',
      '二 REVIEW_VALUE_NOT_MEASURABLE第2条',
      '二 REVIEW_SATISFACTION_NOT_PERCENT第2条',
      '二 REVIEW_DUPLICATE_INDICATOR第3条',
      '三 REVIEW_TOO_FEW_INDICATORS',
      '三 REVIEW_MISSING_CATEGORY',
    ]);
  });

  it('finds nothing with every rule off, and nothing in a table without projects', () => {
    const off = structuredClone(DEFAULT_RULES) as RuleSettings;
    for (const c of RULE_CODES) off[c].enabled = false;
    expect(review(oneUnit({ name: '空', indicators: [] }), off)).toEqual([]);
    expect(review(publication([]), DEFAULT_RULES)).toEqual([]);
  });

  it('changes nothing in the publication', () => {
    const p = oneUnit({ name: '一', indicators: [ind('3-满意度指标', '31-服务对象满意度', '满意度', '较高')] });
    const before = structuredClone(p);
    review(p, DEFAULT_RULES);
    expect(p).toEqual(before);
  });

  it('points at a workbook cell as the record has it', () => {
    const p = oneUnit({ name: '一', indicators: GOOD.slice(0, 1) });
    const project = p.units[0]!.projects[0]!;
    project.source = { file: 'a.xlsx', sheet: 'Sheet1', cell: 'A9' };
    const [f] = review(p, DEFAULT_RULES);
    expect(f!.source).toEqual({ file: 'a.xlsx', sheet: 'Sheet1', cell: 'A9' });
  });

  it('handles a table of 30,000 projects sharing one goal in one finding', () => {
    const projects = Array.from({ length: 30_000 }, (_, i) => ({ name: `项目${i}`, goal: '保障运行' }));
    const fs = review(publication([{ name: '单位', projects }]), DEFAULT_RULES);
    expect(fs).toHaveLength(1);
    expect(fs[0]!.code).toBe('REVIEW_DUPLICATE_GOAL');
    expect(fs[0]!.message).toBe(
      `项目“项目0”的绩效目标与项目${Array.from({ length: 10 }, (_, i) => `“项目${i + 1}”（第${i + 4}行）`).join('、')}等29999个项目相同：“保障运行”`,
    );
  });
});
