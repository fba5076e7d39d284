/**
 * The review of the bundled example (examples/panyu-hrss-2025.txt) with the default rules,
 * pinned finding by finding: code, project and the indicator's number. Each is defended in
 * docs/review.md; a change to a rule that adds or drops one shows here.
 */
import { describe, expect, it } from 'vitest';
import { readPublication } from '../../src/ingest/index.js';
import { review } from '../../src/review/review.js';
import { DEFAULT_RULES } from '../../src/review/rules-file.js';
import { EXAMPLE_PATH, lineOf } from '../helpers/example.js';

const P2023 = '广州追加提前下达劳动关系公共服务及薪酬调查经费财政补助#穗财社(2023)33号';
const P2024 = '广州追加提前下达劳动关系公共服务及薪酬调查经费财政补助#穗财社（2024）40号';

const EXPECTED = [
  'REVIEW_MISSING_CATEGORY 享受国务院特殊津贴人员医疗补贴',
  'REVIEW_VALUE_NOT_MEASURABLE 享受国务院特殊津贴人员医疗补贴 #4',
  'REVIEW_MISSING_CATEGORY 事业单位人员招聘工作经费',
  'REVIEW_VALUE_NOT_MEASURABLE 事业单位人员招聘工作经费 #2',
  'REVIEW_VALUE_NOT_MEASURABLE 事业单位人员招聘工作经费 #5',
  'REVIEW_VALUE_NOT_MEASURABLE 事业单位人员招聘工作经费 #7',
  'REVIEW_VALUE_NOT_MEASURABLE 欠薪应急周转金 #4',
  'REVIEW_VALUE_NOT_MEASURABLE 欠薪应急周转金 #5',
  'REVIEW_VALUE_NOT_MEASURABLE 欠薪应急周转金 #6',
  'REVIEW_VALUE_NOT_MEASURABLE 机关事业单位工作人员招考经费 #4',
  'REVIEW_VALUE_NOT_MEASURABLE 机关事业单位工作人员招考经费 #5',
  'REVIEW_VALUE_NOT_MEASURABLE 乡村振兴劳务协作补贴及工作经费 #4',
  'REVIEW_VALUE_NOT_MEASURABLE 乡村振兴劳务协作补贴及工作经费 #5',
  'REVIEW_MISSING_CATEGORY 就业补助资金监督检查工作经费',
  'REVIEW_MISSING_CATEGORY 租赁岗位合同工经费',
  'REVIEW_VALUE_NOT_MEASURABLE 租赁岗位合同工经费 #3',
  'REVIEW_VALUE_NOT_MEASURABLE 租赁岗位合同工经费 #5',
  'REVIEW_VALUE_NOT_MEASURABLE 劳动关系工作经费 #2',
  'REVIEW_VALUE_NOT_MEASURABLE 劳动关系工作经费 #5',
  'REVIEW_VALUE_NOT_MEASURABLE 劳动关系工作经费 #6',
  'REVIEW_VALUE_NOT_MEASURABLE 职业能力建设工作经费 #5',
  'REVIEW_VALUE_NOT_MEASURABLE 法律顾问服务费 #5',
  'REVIEW_VALUE_NOT_MEASURABLE 机房硬件设备及网络维护服务经费 #2',
  'REVIEW_VALUE_NOT_MEASURABLE 机房硬件设备及网络维护服务经费 #4',
  'REVIEW_VALUE_NOT_MEASURABLE 车辆购置经费 #4',
  'REVIEW_MISSING_CATEGORY 事业单位人事综合管理工作经费',
  'REVIEW_VALUE_NOT_MEASURABLE 事业单位人事综合管理工作经费 #4',
  'REVIEW_VALUE_NOT_MEASURABLE 事业单位人事综合管理工作经费 #5',
  'REVIEW_VALUE_NOT_MEASURABLE 事业单位人事综合管理工作经费 #6',
  'REVIEW_VALUE_NOT_MEASURABLE 环保培训中心退休人员补助经费 #4',
  'REVIEW_VALUE_NOT_MEASURABLE 环保培训中心退休人员补助经费 #5',
  'REVIEW_SATISFACTION_NOT_PERCENT 环保培训中心退休人员补助经费 #6',
  `REVIEW_DUPLICATE_GOAL ${P2023}`,
  `REVIEW_VALUE_NOT_MEASURABLE ${P2023} #4`,
  `REVIEW_VALUE_NOT_MEASURABLE ${P2023} #5`,
  `REVIEW_VALUE_NOT_MEASURABLE ${P2023} #6`,
  `REVIEW_SATISFACTION_NOT_PERCENT ${P2023} #6`,
  'REVIEW_MISSING_CATEGORY 广州市重点产业人才开发培育工程经费',
  'REVIEW_VALUE_NOT_MEASURABLE 广州市重点产业人才开发培育工程经费 #5',
  'REVIEW_VALUE_NOT_MEASURABLE 广州市重点产业人才开发培育工程经费 #6',
  'REVIEW_VALUE_NOT_MEASURABLE 劳监综合执法工作经费 #4',
  'REVIEW_VALUE_NOT_MEASURABLE 劳监综合执法工作经费 #6',
  'REVIEW_MISSING_CATEGORY 租赁岗位合同工经费（公用）',
  'REVIEW_VALUE_NOT_MEASURABLE 租赁岗位合同工经费（公用） #3',
  'REVIEW_VALUE_NOT_MEASURABLE 租赁岗位合同工经费（公用） #5',
  `REVIEW_VALUE_NOT_MEASURABLE ${P2024} #5`,
  `REVIEW_VALUE_NOT_MEASURABLE ${P2024} #6`,
  `REVIEW_SATISFACTION_NOT_PERCENT ${P2024} #7`,
];

describe('the review of the example, default rules', () => {
  /** Reviewed in each test, not once for the file: a mutation test then sees the rules run inside the test that checks them. */
  const sample = async () => {
    const { publication } = await readPublication(EXAMPLE_PATH);
    return { publication, findings: review(publication!, DEFAULT_RULES) };
  };

  it('finds exactly these, in table order', async () => {
    const { findings } = await sample();
    const short = findings.map((f) => {
      const n = /^项目“[^”]*”第(\d+)条/.exec(f.message);
      return `${f.code} ${f.project}${n ? ` #${n[1]}` : ''}`;
    });
    expect(short).toEqual(EXPECTED);
  });

  it('puts each at its project’s line, in its unit, with the default severity', async () => {
    const { findings } = await sample();
    for (const f of findings) {
      expect(f.source).toEqual({ file: EXAMPLE_PATH, line: lineOf(f.project!) });
      expect(f.unit).toBe('广州市番禺区人力资源和社会保障局（本级）');
      expect(f.severity).toBe(DEFAULT_RULES[f.code as keyof typeof DEFAULT_RULES].severity);
    }
  });

  it('finds nothing for the rules the example keeps', async () => {
    const { findings } = await sample();
    const codes = new Set(findings.map((f) => f.code));
    for (const c of ['REVIEW_ANNUAL_EXCEEDS_CYCLE', 'REVIEW_TOO_FEW_INDICATORS', 'REVIEW_DUPLICATE_INDICATOR']) expect(codes.has(c), c).toBe(false);
  });

  it('names the other project of the shared goal, with its line', async () => {
    const { findings } = await sample();
    const dup = findings.find((f) => f.code === 'REVIEW_DUPLICATE_GOAL')!;
    expect(dup.message).toContain(`与项目“${P2024}”（第${lineOf(P2024)}行）相同`);
  });

  it('is deterministic: the same findings on a second run', async () => {
    const { publication, findings } = await sample();
    expect(review(publication!, DEFAULT_RULES)).toEqual(findings);
  });
});
