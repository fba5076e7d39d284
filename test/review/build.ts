/**
 * Small publications for the review's tests, written as data: units of projects of
 * indicators, each project on its own line of a notional text export (`review.txt`) so
 * that a test can assert where a finding points. Amounts are zero: the review reads none.
 */
import { ZERO } from '../../src/model/amount.js';
import type { Amounts, Indicator, Project, Publication, Unit } from '../../src/model/types.js';

export const FILE = 'review.txt';
const NO_MONEY: Amounts = { total: ZERO, fiscal: ZERO, special: ZERO, other: ZERO };

/** `ind('1-产出指标', '11-数量指标', '培训人数', '800人', '750人')`; the annual value defaults to the cycle's. */
export interface IndicatorSpec {
  level1: string;
  level2: string;
  name: string;
  cycleValue: string;
  annualValue: string;
}

export function ind(level1: string, level2: string, name: string, cycleValue: string, annualValue = cycleValue): IndicatorSpec {
  return { level1, level2, name, cycleValue, annualValue };
}

/** The three kinds every project needs, with checkable values: a project no rule reports. */
export const GOOD: IndicatorSpec[] = [
  ind('1-产出指标', '11-数量指标', '培训人数', '800人', '750人'),
  ind('2-效益指标', '22-社会效益', '培训后就业率', '≥70%'),
  ind('3-满意度指标', '31-服务对象满意度', '学员满意度', '≥90%'),
];

export interface ProjectSpec {
  name: string;
  goal?: string;
  indicators?: IndicatorSpec[];
}

export interface UnitSpec {
  name: string;
  projects: ProjectSpec[];
}

const coded = (text: string) => {
  // `1-产出指标`, or a bare code `1` (no name)
  const m = /^(\d+)(?:-(.*))?$/.exec(text);
  return m ? { code: m[1]!, name: m[2] ?? '' } : { code: '', name: text };
};

/** Units from line 2 on (line 1: 合计), each unit row followed by its projects, one line each. */
export function publication(units: UnitSpec[]): Publication {
  let line = 1;
  const built: Unit[] = units.map((u) => {
    const unitLine = ++line;
    const projects: Project[] = u.projects.map((p, k) => {
      const source = { file: FILE, line: ++line };
      const indicators: Indicator[] = (p.indicators ?? GOOD).map((x, i) => ({
        number: i + 1,
        level1: coded(x.level1),
        level2: coded(x.level2),
        name: x.name,
        cycleValue: x.cycleValue,
        annualValue: x.annualValue,
        source,
      }));
      return { name: p.name, amounts: NO_MONEY, goal: p.goal ?? `完成${p.name}第${k + 1}项任务。`, indicators, source };
    });
    return { name: u.name, amounts: NO_MONEY, projects, source: { file: FILE, line: unitLine } };
  });
  return {
    title: '示例局2025年项目支出绩效目标表',
    year: 2025,
    department: '示例局',
    moneyUnit: '万元',
    moneyUnitSource: { file: FILE },
    includesTransfer: false,
    total: NO_MONEY,
    totalSource: { file: FILE, line: 1 },
    units: built,
    notes: [],
    source: { file: FILE },
  };
}

/** One unit 示例局本级 with the given projects. */
export function oneUnit(...projects: ProjectSpec[]): Publication {
  return publication([{ name: '示例局本级', projects }]);
}

/** The line a project of oneUnit() is on: 合计 1, unit 2, projects from 3. */
export const lineOfProject = (index: number) => 3 + index;
