/**
 * Each rule of the review made to fire by a small publication (code, severity, place,
 * unit, project, message) and kept quiet by a near miss.
 */
import { describe, expect, it } from 'vitest';
import { review } from '../../src/review/review.js';
import { FILE, GOOD, ind, lineOfProject, oneUnit, publication } from './build.js';
import { only } from './settings.js';

const at = (index: number) => ({ file: FILE, line: lineOfProject(index) });

describe('REVIEW_VALUE_NOT_MEASURABLE', () => {
  const run = (cycle: string, annual = cycle) =>
    review(oneUnit({ name: '培训项目', indicators: [...GOOD, ind('2-效益指标', '22-社会效益', '就业能力', cycle, annual)] }), only('REVIEW_VALUE_NOT_MEASURABLE'));

  it('fires on a value with neither a number nor a criterion, quoting it once when both columns say it', () => {
    expect(run('有效')).toEqual([
      {
        code: 'REVIEW_VALUE_NOT_MEASURABLE',
        severity: 'warning',
        message: '项目“培训项目”第4条指标“就业能力”的实施周期指标值和年度指标值“有效”没有数值，也没有可核验的标准（如“≥95%”“按时完成”“合格”），无法考核',
        source: at(0),
        unit: '示例局本级',
        project: '培训项目',
      },
    ]);
  });

  it('names each column when they differ, and only the one that fails', () => {
    expect(run('较好', '提高').map((f) => f.message)).toEqual([
      '项目“培训项目”第4条指标“就业能力”的实施周期指标值“较好”没有数值，也没有可核验的标准（如“≥95%”“按时完成”“合格”）；年度指标值“提高”没有数值，也没有可核验的标准（如“≥95%”“按时完成”“合格”），无法考核',
    ]);
    expect(run('≥95%', '提高').map((f) => f.message)).toEqual([
      '项目“培训项目”第4条指标“就业能力”的年度指标值“提高”没有数值，也没有可核验的标准（如“≥95%”“按时完成”“合格”），无法考核',
    ]);
  });

  it('says which word of degree spoils a criterion, and when a value only repeats the name', () => {
    expect(run('高效完成')[0]!.message).toContain('“高效完成”中的“高效”是无法核验的程度表述，且没有数值');
    expect(run('就业能力')[0]!.message).toContain('“就业能力”（与指标名称相同）没有数值');
    expect(run('', '≥90%')[0]!.message).toBe('项目“培训项目”第4条指标“就业能力”的实施周期指标值为空，无法考核');
  });

  it('is quiet on a checkable near miss: a number, a yes/no criterion', () => {
    for (const v of ['≥95%', '有效率≥90%', '按时完成', '合格', '是', '无', '全部完成', '每季度一次']) expect(run(v), v).toEqual([]);
  });

  it('takes an office’s own accepted words, even over a word of degree', () => {
    const p = oneUnit({ name: '培训项目', indicators: [...GOOD, ind('2-效益指标', '22-社会效益', '就业能力', '明显改善')] });
    expect(review(p, only('REVIEW_VALUE_NOT_MEASURABLE'))).toHaveLength(1);
    expect(review(p, only('REVIEW_VALUE_NOT_MEASURABLE', { accept: ['明显改善'] }))).toEqual([]);
  });
});

describe('REVIEW_ANNUAL_EXCEEDS_CYCLE', () => {
  const run = (cycle: string, annual: string) =>
    review(oneUnit({ name: '招聘项目', indicators: [...GOOD, ind('1-产出指标', '11-数量指标', '招聘人数', cycle, annual)] }), only('REVIEW_ANNUAL_EXCEEDS_CYCLE'));

  it('fires when a year’s count exceeds the whole cycle’s', () => {
    expect(run('100人', '120人')).toEqual([
      {
        code: 'REVIEW_ANNUAL_EXCEEDS_CYCLE',
        severity: 'warning',
        message: '项目“招聘项目”第4条指标“招聘人数”的年度指标值“120人”大于实施周期指标值“100人”：一年的目标不应超过整个实施周期',
        source: at(0),
        unit: '示例局本级',
        project: '招聘项目',
      },
    ]);
    expect(run('≥100人', '≥120人')).toHaveLength(1);
    expect(run('100人以上', '不少于120人')).toHaveLength(1);
  });

  it('fires when a year’s upper bound is looser than the cycle’s, and says so', () => {
    expect(run('≤10起', '≤20起').map((f) => f.message)).toEqual([
      '项目“招聘项目”第4条指标“招聘人数”的年度上限“≤20起”宽于实施周期上限“≤10起”：一年允许的不应多于整个实施周期',
    ]);
  });

  it('is quiet on near misses: smaller or equal, other units, other directions, rates, time limits, anything not one quantity', () => {
    for (const [c, a] of [
      ['120人', '100人'],
      ['100人', '100人'],
      ['≤20起', '≤10起'],
      ['100人', '120人次'],
      ['≥100人', '120人'],
      ['≤100人', '≥120人'],
      ['≥95%', '≥96%'],
      ['≤5个工作日', '≤8个工作日'],
      ['8小时内', '24小时内'],
      ['160家/季', '200家/季'],
      ['100', '120'],
      ['1000宗；500家企业', '1200宗；500家企业'],
    ]) {
      expect(run(c!, a!), `${c} → ${a}`).toEqual([]);
    }
  });
});

describe('REVIEW_TOO_FEW_INDICATORS', () => {
  it('fires below the minimum, at the project', () => {
    const p = oneUnit({ name: '好项目' }, { name: '少项目', indicators: GOOD.slice(0, 2) }, { name: '空项目', indicators: [] });
    expect(review(p, only('REVIEW_TOO_FEW_INDICATORS'))).toEqual([
      { code: 'REVIEW_TOO_FEW_INDICATORS', severity: 'warning', message: '项目“少项目”只有2条绩效指标，少于3条', source: at(1), unit: '示例局本级', project: '少项目' },
      { code: 'REVIEW_TOO_FEW_INDICATORS', severity: 'warning', message: '项目“空项目”没有绩效指标，少于3条', source: at(2), unit: '示例局本级', project: '空项目' },
    ]);
  });

  it('is quiet at exactly the minimum', () => {
    expect(review(oneUnit({ name: '好项目', indicators: GOOD }), only('REVIEW_TOO_FEW_INDICATORS'))).toEqual([]);
  });

  it('uses the configured minimum', () => {
    const p = oneUnit({ name: '好项目', indicators: GOOD });
    expect(review(p, only('REVIEW_TOO_FEW_INDICATORS', { min: 4 })).map((f) => f.message)).toEqual(['项目“好项目”只有3条绩效指标，少于4条']);
  });
});

describe('REVIEW_MISSING_CATEGORY', () => {
  it('fires on a project without a required level-1 kind, by level-1 name, pointing at a level 2 filed under another level 1', () => {
    const p = oneUnit({
      name: '补贴项目',
      indicators: [
        ind('1-产出指标', '11-数量指标', '补贴人数', '4人'),
        ind('1-产出指标', '21-经济效益', '人才贡献', '≥90%'),
        ind('3-满意度指标', '31-服务对象满意度', '满意度', '≥90%'),
      ],
    });
    expect(review(p, only('REVIEW_MISSING_CATEGORY'))).toEqual([
      {
        code: 'REVIEW_MISSING_CATEGORY',
        severity: 'warning',
        message: '项目“补贴项目”没有效益指标（按一级指标判断）；第2条的二级指标属效益，但一级指标为“1-产出指标”，请核对',
        source: at(0),
        unit: '示例局本级',
        project: '补贴项目',
      },
    ]);
  });

  it('names every kind missing', () => {
    const p = oneUnit({ name: '补贴项目', indicators: [ind('1-产出指标', '11-数量指标', '补贴人数', '4人')] });
    expect(review(p, only('REVIEW_MISSING_CATEGORY')).map((f) => f.message)).toEqual(['项目“补贴项目”没有效益指标、满意度指标（按一级指标判断）']);
  });

  it('reads names, not codes, and accepts the older schemes: 效果指标, 满意度 as a level 2', () => {
    const p = oneUnit({
      name: '旧口径项目',
      indicators: [
        ind('7-产出指标', '11-数量指标', '补贴人数', '4人'),
        ind('2-效果指标', '22-社会效益', '就业率', '≥90%'),
        ind('2-效果指标', '25-服务对象满意度指标', '满意度', '≥90%'),
      ],
    });
    expect(review(p, only('REVIEW_MISSING_CATEGORY'))).toEqual([]);
  });

  it('reads a level 1 given as a bare code by the known scheme', () => {
    const p = oneUnit({
      name: '项目',
      indicators: [ind('1', '11-数量指标', '人数', '4人'), ind('2', '22-社会效益', '就业率', '≥90%'), ind('3', '31-服务对象满意度', '满意度', '≥90%')],
    });
    expect(review(p, only('REVIEW_MISSING_CATEGORY'))).toEqual([]);
  });

  it('requires 成本 when configured, accepting it as a level 1 or as 14-成本指标 under 产出', () => {
    const s = only('REVIEW_MISSING_CATEGORY', { required: ['产出', '效益', '满意度', '成本'] });
    expect(review(oneUnit({ name: '项目' }), s).map((f) => f.message)).toEqual(['项目“项目”没有成本指标（按一级指标判断）']);
    expect(review(oneUnit({ name: '项目', indicators: [...GOOD, ind('4-成本指标', '41-经济成本指标', '单位成本', '≤100元')] }), s)).toEqual([]);
    expect(review(oneUnit({ name: '项目', indicators: [...GOOD, ind('1-产出指标', '14-成本指标', '单位成本', '≤100元')] }), s)).toEqual([]);
  });
});

describe('REVIEW_DUPLICATE_GOAL', () => {
  it('reports a group once, at its first project, naming the others with their place and unit', () => {
    const p = publication([
      { name: '甲单位', projects: [{ name: '甲项目', goal: '保障机构正常运行，提升服务水平。' }, { name: '乙项目', goal: '另一目标。' }] },
      { name: '乙单位', projects: [{ name: '丙项目', goal: '保障机构 正常运行,提升服务水平' }, { name: '丁项目', goal: '保障机构正常运行；提升服务水平。' }] },
    ]);
    expect(review(p, only('REVIEW_DUPLICATE_GOAL'))).toEqual([
      {
        code: 'REVIEW_DUPLICATE_GOAL',
        severity: 'info',
        message: '项目“甲项目”的绩效目标与项目“丙项目”（资金使用单位“乙单位”，第6行）、“丁项目”（资金使用单位“乙单位”，第7行）相同：“保障机构正常运行，提升服务水平。”',
        source: { file: FILE, line: 3 },
        unit: '甲单位',
        project: '甲项目',
      },
    ]);
  });

  it('is quiet when goals differ by a character, and ignores empty goals', () => {
    const p = oneUnit({ name: '甲项目', goal: '保障机构正常运行。' }, { name: '乙项目', goal: '保障机构正常运转。' }, { name: '丙', goal: '' }, { name: '丁', goal: ' ' });
    expect(review(p, only('REVIEW_DUPLICATE_GOAL'))).toEqual([]);
  });
});

describe('REVIEW_DUPLICATE_INDICATOR', () => {
  it('fires at each repeat of a level-3 name, naming the first', () => {
    const p = oneUnit({
      name: '租赁项目',
      indicators: [...GOOD, ind('2-效益指标', '22-社会效益', '支出的合规性', '合规'), ind('1-产出指标', '12-质量指标', '支出的 合规性。', '合规')],
    });
    expect(review(p, only('REVIEW_DUPLICATE_INDICATOR'))).toEqual([
      {
        code: 'REVIEW_DUPLICATE_INDICATOR',
        severity: 'warning',
        message: '项目“租赁项目”第5条指标“支出的 合规性。”与第4条指标重复',
        source: at(0),
        unit: '示例局本级',
        project: '租赁项目',
      },
    ]);
  });

  it('is quiet on different names, and on the same name in two projects', () => {
    const p = oneUnit(
      { name: '甲', indicators: [...GOOD, ind('2-效益指标', '22-社会效益', '支出的合规率', '100%'), ind('2-效益指标', '22-社会效益', '支出的合规性', '合规')] },
      { name: '乙', indicators: GOOD },
    );
    expect(review(p, only('REVIEW_DUPLICATE_INDICATOR'))).toEqual([]);
  });
});

describe('REVIEW_SATISFACTION_NOT_PERCENT', () => {
  const run = (cycle: string, annual = cycle, level1 = '3-满意度指标', level2 = '31-服务对象满意度') =>
    review(
      oneUnit({ name: '退休补助', indicators: [GOOD[0]!, GOOD[1]!, ind(level1, level2, '退休人员满意度', cycle, annual)] }),
      only('REVIEW_SATISFACTION_NOT_PERCENT'),
    );

  it('fires on a satisfaction value that is not a percentage', () => {
    expect(run('上访投诉0起')).toEqual([
      {
        code: 'REVIEW_SATISFACTION_NOT_PERCENT',
        severity: 'warning',
        message: '项目“退休补助”第3条指标“退休人员满意度”是满意度指标，其实施周期指标值和年度指标值“上访投诉0起”不是百分比：满意度应以调查所得的满意比例表述（如“≥90%”）',
        source: at(0),
        unit: '示例局本级',
        project: '退休补助',
      },
    ]);
    expect(run('无', '95%').map((f) => f.message)).toEqual([
      '项目“退休补助”第3条指标“退休人员满意度”是满意度指标，其实施周期指标值“无”不是百分比：满意度应以调查所得的满意比例表述（如“≥90%”）',
    ]);
    expect(run('', '95%')[0]!.message).toBe('项目“退休补助”第3条指标“退休人员满意度”是满意度指标，其实施周期指标值为空：满意度应以调查所得的满意比例表述（如“≥90%”）');
  });

  it('finds satisfaction filed as a level 2 (older schemes)', () => {
    expect(run('较高', '较高', '2-效益指标', '24-服务对象满意度指标')).toHaveLength(1);
  });

  it('is quiet on percentages, full-width too, and on other indicators', () => {
    for (const v of ['≥90%', '不低于95％', '满意度>90%', '百分之九十']) expect(run(v), v).toEqual([]);
    expect(run('较高', '较高', '2-效益指标', '22-社会效益')).toEqual([]);
  });
});
