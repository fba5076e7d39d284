/**
 * What changed between two versions of the records, record by record and field by field:
 * the list a 更正说明 (correction notice) is made of.
 */
import { formatAmount } from '../model/amount.js';
import type { Amounts, Indicator, Publication, Source } from '../model/types.js';
import { AMOUNT_COLUMNS, COLUMN_LABELS } from '../model/columns.js';
import { formatIndicator } from '../model/indicator-text.js';
import { projectsOf } from '../model/projects.js';
import { markChanges, replaced, type Mark } from './char-diff.js';
import { pairProjects } from './match.js';

export type ChangeKind =
  | 'publication-changed'
  | 'unit-changed'
  | 'project-added'
  | 'project-removed'
  | 'project-renamed'
  | 'amount-changed'
  | 'goal-changed'
  | 'indicator-added'
  | 'indicator-removed'
  | 'indicator-changed';

export interface Change {
  kind: ChangeKind;
  /** The project (its name in the new version when it still exists), or the unit / table. */
  subject: string;
  /** Which field: `总计`, `绩效目标`, `第3条指标 年度指标值`, …; empty for whole records. */
  field: string;
  before: string;
  after: string;
  /** Where it stands in the new version (the old one for removals). */
  source: Source;
}

/** A change with the characters that differ marked, as `diff --json`, the page and the 更正说明 show it. */
export interface MarkedChange extends Change {
  marks: Mark[];
}

/** Amounts are marked as a whole: `38.4〖4〗` would hide the figure a reader compares. */
export function withMarks(changes: Change[]): MarkedChange[] {
  return changes.map((c) => ({ ...c, marks: AMOUNT_FIELDS.has(c.field) ? replaced(c.before, c.after) : markChanges(c.before, c.after) }));
}

const AMOUNT_FIELDS = new Set<string>(AMOUNT_COLUMNS.map((c) => COLUMN_LABELS[c]));

const INDICATOR_FIELDS: [string, (i: Indicator) => string][] = [
  ['一级指标', (i) => `${i.level1.code}-${i.level1.name}`],
  ['二级指标', (i) => `${i.level2.code}-${i.level2.name}`],
  ['三级指标', (i) => i.name],
  ['实施周期指标值', (i) => i.cycleValue],
  ['年度指标值', (i) => i.annualValue],
];

export function diffPublications(before: Publication, after: Publication): Change[] {
  const out: Change[] = [];
  for (const [field, get] of [
    ['标题', (p: Publication) => p.title],
    ['单位名称', (p: Publication) => p.department],
  ] as const) {
    if (get(before) !== get(after)) out.push({ kind: 'publication-changed', subject: '表', field, before: get(before), after: get(after), source: after.source });
  }
  amountChanges('合计', before.total, after.total, after.totalSource, out, 'publication-changed');
  const unitsBefore = new Map(before.units.map((u) => [u.name, u]));
  for (const u of after.units) {
    const old = unitsBefore.get(u.name);
    if (old) amountChanges(u.name, old.amounts, u.amounts, u.source, out, 'unit-changed');
  }

  const { pairs, removed, added } = pairProjects(projectsOf(before), projectsOf(after));
  for (const r of removed) out.push({ kind: 'project-removed', subject: r.project.name, field: '', before: r.project.name, after: '', source: r.project.source });
  for (const [b, a] of pairs) {
    const name = a.project.name;
    const src = a.project.source;
    if (b.project.name !== name) out.push({ kind: 'project-renamed', subject: name, field: '项目名称', before: b.project.name, after: name, source: src });
    amountChanges(name, b.project.amounts, a.project.amounts, src, out, 'amount-changed');
    if (b.project.goal !== a.project.goal) out.push({ kind: 'goal-changed', subject: name, field: '绩效目标', before: b.project.goal, after: a.project.goal, source: src });
    indicatorChanges(name, b.project.indicators, a.project.indicators, out);
  }
  for (const r of added) out.push({ kind: 'project-added', subject: r.project.name, field: '', before: '', after: r.project.name, source: r.project.source });
  return out;
}

function amountChanges(subject: string, b: Amounts, a: Amounts, source: Source, out: Change[], kind: ChangeKind): void {
  for (const col of AMOUNT_COLUMNS) {
    if (b[col] !== a[col]) out.push({ kind, subject, field: COLUMN_LABELS[col], before: formatAmount(b[col]), after: formatAmount(a[col]), source });
  }
}

/** Indicators are compared by position: a correction edits a line, it rarely reorders them. */
function indicatorChanges(subject: string, before: Indicator[], after: Indicator[], out: Change[]): void {
  const n = Math.max(before.length, after.length);
  for (let i = 0; i < n; i++) {
    const b = before[i];
    const a = after[i];
    if (b && !a) out.push({ kind: 'indicator-removed', subject, field: `第${i + 1}条指标`, before: formatIndicator(b), after: '', source: b.source });
    else if (a && !b) out.push({ kind: 'indicator-added', subject, field: `第${i + 1}条指标`, before: '', after: formatIndicator(a), source: a.source });
    else if (a && b) {
      for (const [label, get] of INDICATOR_FIELDS) {
        if (get(b) !== get(a)) {
          out.push({ kind: 'indicator-changed', subject, field: `第${i + 1}条指标 ${label}`, before: get(b), after: get(a), source: a.source });
        }
      }
    }
  }
}

/** How each kind of change is named in a 更正说明. */
export const CHANGE_LABELS: Record<ChangeKind, string> = {
  'publication-changed': '表头或合计更正',
  'unit-changed': '单位金额更正',
  'project-added': '新增项目',
  'project-removed': '删除项目',
  'project-renamed': '项目名称更正',
  'amount-changed': '金额更正',
  'goal-changed': '绩效目标更正',
  'indicator-added': '新增指标',
  'indicator-removed': '删除指标',
  'indicator-changed': '指标更正',
};
