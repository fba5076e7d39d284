import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffPublications, type Change } from '../../src/diff/diff.js';
import { similarity } from '../../src/diff/match.js';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import type { Publication } from '../../src/model/types.js';
import {
  DEPARTMENT,
  DISTINCT_TSV,
  HEADER,
  HEADER_LINE,
  TITLE,
  distinctLines,
  indicatorCell,
  printedIndicator,
  rowNamed,
  writeDistinct,
  type DistinctIndicator,
} from '../fixtures/distinct-publication.js';
import { pubtable } from '../helpers/cli.js';
import { exampleText } from '../helpers/example.js';
import { docxText, pdfText, xlsxRows } from '../helpers/read-back.js';

const read = (t: string) => readTextExport(Buffer.from(t), 'x.txt').publication;

describe('pubtable diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pubtable-diff-'));
  const edited = exampleText()
    .replace('购置经费\t38.44\t38.44', '购置经费\t38.44\t38.40')
    .replace('以提升办公效率和安全性。', '以提升办公效率。')
    .replace('完成相关设备采购；实施周期指标值:62台；年度指标值:62台', '完成相关设备采购；实施周期指标值:62台；年度指标值:60台');
  const oldFile = join(dir, 'old.txt');
  const newFile = join(dir, 'new.txt');
  writeFileSync(oldFile, exampleText());
  writeFileSync(newFile, edited);

  it('lists exactly one amount, one goal and one indicator value', () => {
    const changes = diffPublications(read(exampleText()), read(edited));
    expect(changes.map((c) => [c.kind, c.subject, c.field, c.before, c.after])).toEqual([
      ['amount-changed', '购置经费', '财政拨款', '38.44', '38.40'],
      ['goal-changed', '购置经费', '绩效目标', '根据工作安排，更新购置电脑等设备，以提升办公效率和安全性。', '根据工作安排，更新购置电脑等设备，以提升办公效率。'],
      ['indicator-changed', '购置经费', '第1条指标 年度指标值', '62台', '60台'],
    ]);
  });

  it('finds renames, additions and removals', () => {
    const renamed = exampleText().replace('工伤认定工作经费\t', '工伤认定工作专项经费\t');
    expect(diffPublications(read(exampleText()), read(renamed)).map((c) => [c.kind, c.before, c.after])).toEqual([
      ['project-renamed', '工伤认定工作经费', '工伤认定工作专项经费'],
    ]);
    const lines = exampleText().split('\n');
    const moved = lines.filter((l) => !l.startsWith('法律顾问服务费\t'));
    moved.push(lines.find((l) => l.startsWith('法律顾问服务费\t'))!.replace('法律顾问服务费', '新增的信息化项目'));
    const kinds = diffPublications(read(exampleText()), read(moved.join('\n'))).map((c) => `${c.kind}:${c.subject}`);
    expect(kinds).toEqual(['project-removed:法律顾问服务费', 'project-added:新增的信息化项目']);
    expect(similarity('工伤认定工作经费', '工伤认定工作专项经费')).toBeGreaterThan(0.6);
  });

  it('prints Chinese for people, JSON for tools, and a 更正说明 document', async () => {
    const human = pubtable(['diff', oldFile, newFile]);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain('共 3 处变化');
    expect(human.stdout).toContain('金额更正：购置经费 · 财政拨款');
    const json = JSON.parse(pubtable(['diff', oldFile, newFile, '--json']).stdout);
    expect(json.changes).toHaveLength(3);
    expect(json.changes[0].source.line).toBe(22);
    const pdf = join(dir, '更正说明.pdf');
    const docx = join(dir, '更正说明.docx');
    expect(pubtable(['diff', oldFile, newFile, '--out', pdf]).status).toBe(0);
    expect(pubtable(['diff', oldFile, newFile, '--out', docx]).status).toBe(0);
    // Inside 原为/更正为 the changed characters stand in 〖〗; amounts change as a whole.
    expect(pdfText(pdf)).toContain('6〖2〗台');
    expect(pdfText(pdf)).toContain('6〖0〗台');
    expect(pdfText(pdf)).toContain('38.4438.40');
    expect(await docxText(readFileSync(docx))).toContain('以提升办公效率〖和安全性〗。');
    expect(await docxText(readFileSync(docx))).toContain('以提升办公效率。');
  });
});

// ---------------------------------------------------------------------------------------
// The distinct fixture, one edit at a time. Every figure of it is a different number, so a
// change reported in the wrong column or row shows up as a wrong `field`, `subject` or
// `before`. An edited amount leaves its row (and the rows above it) no longer adding up:
// diff reads without validating, so such figures must still be compared.

/** File names the two versions are read as: removals point into the old one. */
const OLD = 'old.txt';
const NEW = 'new.txt';

/** A change as the cases state it: the source flattened to its file and line. */
interface ExpectedChange {
  kind: Change['kind'];
  subject: string;
  field: string;
  before: string;
  after: string;
  file: string;
  /** Undefined for the title lines: the model keeps no line for them. */
  line: number | undefined;
}

const flatten = (c: Change): ExpectedChange => ({
  kind: c.kind,
  subject: c.subject,
  field: c.field,
  before: c.before,
  after: c.after,
  file: c.source.file,
  line: c.source.line,
});

/** Reads without validating, as diff does; an edit the reader refuses is a broken case. */
function readOnly(text: string, file: string): Publication {
  const { publication, diagnostics } = readTextExport(Buffer.from(text), file);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return publication;
}

const changesBetween = (before: string, after: string) => diffPublications(readOnly(before, OLD), readOnly(after, NEW)).map(flatten);

/** A copy of `xs` with `count` items at `at` replaced by `items` (Array#toSpliced is ES2023). */
function spliced<T>(xs: readonly T[], at: number, count: number, ...items: T[]): T[] {
  const copy = [...xs];
  copy.splice(at, count, ...items);
  return copy;
}

const joinLines = (lines: string[]) => lines.join('\n') + '\n';
const lineOfRow = (name: string) => rowNamed(name).line;
/** Where a change points: the file of the version it is in, and the row's line there. */
const inNew = (rowName: string) => ({ file: NEW, line: lineOfRow(rowName) });
const inOld = (rowName: string) => ({ file: OLD, line: lineOfRow(rowName) });

/** The fixture with one cell of one row (合计, a unit or a project) replaced; `column` is its header label. */
function withCell(rowName: string, column: string, text: string): string {
  const at = HEADER.indexOf(column);
  if (at < 0) throw new Error(`no column ${column}`);
  const lines = distinctLines();
  const i = lineOfRow(rowName) - 1;
  const cells = lines[i]!.split('\t');
  if (cells[at] === text) throw new Error(`${rowName} ${column} already holds ${text}: not an edit`);
  return joinLines(spliced(lines, i, 1, spliced(cells, at, 1, text).join('\t')));
}

/** The fixture with one project's indicator list rewritten. */
const withIndicators = (rowName: string, edit: (xs: DistinctIndicator[]) => DistinctIndicator[]) =>
  withCell(rowName, '绩效指标', indicatorCell(edit(rowNamed(rowName).indicators)));

/** The fixture with one field of one indicator (0-based `index`) replaced. */
const withIndicatorField = (rowName: string, index: number, field: keyof DistinctIndicator, value: string) =>
  withIndicators(rowName, (xs) => spliced(xs, index, 1, { ...xs[index]!, [field]: value }));

/** The fixture's lines with a row inserted right after the row named `afterRow`. */
const withRowAfter = (afterRow: string, cells: string[]) => spliced(distinctLines(), lineOfRow(afterRow), 0, cells.join('\t'));

const withoutRow = (rowName: string) => spliced(distinctLines(), lineOfRow(rowName) - 1, 1);

/** The fixture with a 1-based line of the preamble (title, 单位名称) replaced. */
const withPreambleLine = (line: number, text: string) => joinLines(spliced(distinctLines(), line - 1, 1, text));

/** A project row that is none of the fixture's, for the added/removed cases. */
const projectCells = (name: string) => [
  name,
  '77.70',
  '55.50',
  '11.10',
  '11.10',
  '扶持创业孵化，带动就业。',
  indicatorCell([{ level1: '1-产出指标', level2: '11-数量指标', name: '孵化企业数', cycleValue: '40户', annualValue: '35户' }]),
];

/** Line of a row inserted after 职业培训经费: the end of 人力资源局本级's list. */
const endOfFirstUnit = lineOfRow('职业培训经费') + 1;
/**
 * 公共实训基地运营 (a project of 职业训练中心) listed once more, under 人力资源局本级: a
 * project is its unit and its name, so this copy is another project.
 */
const sameNameInOtherUnit = joinLines(withRowAfter('职业培训经费', projectCells('公共实训基地运营')));

const addedIndicator: DistinctIndicator = { level1: '1-产出指标', level2: '12-质量指标', name: '实训课程合格率', cycleValue: '≥80%', annualValue: '≥82%' };
/** 职业培训经费's fourth and last indicator, the one the removal case drops. */
const lastTrainingIndicator = rowNamed('职业培训经费').indicators[3]!;
const RENAMED_DEPARTMENT = '示例区人力资源和社会保障局';

const SINGLE_EDITS: { what: string; before?: string; after: string; expected: ExpectedChange }[] = [
  // The four amount columns of a project, each in a different project.
  {
    what: '总计 of a project',
    after: withCell('就业补贴项目', '总计', '1,475.59'),
    expected: { kind: 'amount-changed', subject: '就业补贴项目', field: '总计', before: '1,474.59', after: '1,475.59', ...inNew('就业补贴项目') },
  },
  {
    what: '财政拨款 of a project',
    after: withCell('职业培训经费', '财政拨款', '465.78'),
    expected: { kind: 'amount-changed', subject: '职业培训经费', field: '财政拨款', before: '456.78', after: '465.78', ...inNew('职业培训经费') },
  },
  {
    what: '财政专户拨款 of a project',
    after: withCell('技能鉴定补助', '财政专户拨款', '21.34'),
    expected: { kind: 'amount-changed', subject: '技能鉴定补助', field: '财政专户拨款', before: '12.34', after: '21.34', ...inNew('技能鉴定补助') },
  },
  {
    // Typed without a thousands separator: the change states amounts in their printed form.
    what: '其他资金 of a project',
    after: withCell('公共实训基地运营', '其他资金', '1000.88'),
    expected: { kind: 'amount-changed', subject: '公共实训基地运营', field: '其他资金', before: '0.88', after: '1,000.88', ...inNew('公共实训基地运营') },
  },
  // The four columns of a unit row, two in each unit.
  {
    what: '总计 of a unit row',
    after: withCell('人力资源局本级', '总计', '2,042.45'),
    expected: { kind: 'unit-changed', subject: '人力资源局本级', field: '总计', before: '2,024.45', after: '2,042.45', ...inNew('人力资源局本级') },
  },
  {
    what: '财政拨款 of a unit row',
    after: withCell('职业训练中心', '财政拨款', '2,444.34'),
    expected: { kind: 'unit-changed', subject: '职业训练中心', field: '财政拨款', before: '2,444.43', after: '2,444.34', ...inNew('职业训练中心') },
  },
  {
    what: '财政专户拨款 of a unit row',
    after: withCell('人力资源局本级', '财政专户拨款', '279.66'),
    expected: { kind: 'unit-changed', subject: '人力资源局本级', field: '财政专户拨款', before: '297.66', after: '279.66', ...inNew('人力资源局本级') },
  },
  {
    what: '其他资金 of a unit row',
    after: withCell('职业训练中心', '其他资金', '3,002.80'),
    expected: { kind: 'unit-changed', subject: '职业训练中心', field: '其他资金', before: '3,002.08', after: '3,002.80', ...inNew('职业训练中心') },
  },
  // The four columns of the 合计 row.
  {
    what: '总计 of the 合计 row',
    after: withCell('合计', '总计', '8,483.93'),
    expected: { kind: 'publication-changed', subject: '合计', field: '总计', before: '8,483.39', after: '8,483.93', ...inNew('合计') },
  },
  {
    what: '财政拨款 of the 合计 row',
    after: withCell('合计', '财政拨款', '4,153.77'),
    expected: { kind: 'publication-changed', subject: '合计', field: '财政拨款', before: '4,135.77', after: '4,153.77', ...inNew('合计') },
  },
  {
    what: '财政专户拨款 of the 合计 row',
    after: withCell('合计', '财政专户拨款', '1,301.09'),
    expected: { kind: 'publication-changed', subject: '合计', field: '财政专户拨款', before: '1,310.09', after: '1,301.09', ...inNew('合计') },
  },
  {
    what: '其他资金 of the 合计 row',
    after: withCell('合计', '其他资金', '3,037.35'),
    expected: { kind: 'publication-changed', subject: '合计', field: '其他资金', before: '3,037.53', after: '3,037.35', ...inNew('合计') },
  },
  {
    what: 'a goal',
    after: withCell('技能鉴定补助', '绩效目标', '完成年度职业技能鉴定和等级认定任务。'),
    expected: {
      kind: 'goal-changed',
      subject: '技能鉴定补助',
      field: '绩效目标',
      before: '完成年度职业技能鉴定任务。',
      after: '完成年度职业技能鉴定和等级认定任务。',
      ...inNew('技能鉴定补助'),
    },
  },
  {
    what: 'a project renamed',
    after: withCell('职业培训经费', HEADER[0]!, '职业技能培训经费'),
    expected: { kind: 'project-renamed', subject: '职业技能培训经费', field: '项目名称', before: '职业培训经费', after: '职业技能培训经费', ...inNew('职业培训经费') },
  },
  {
    // Names only 55% alike (character bigrams): paired because the row kept its position.
    what: 'a project renamed more freely, at the same position',
    after: withCell('就业补贴项目', HEADER[0]!, '稳就业补贴资金'),
    expected: { kind: 'project-renamed', subject: '稳就业补贴资金', field: '项目名称', before: '就业补贴项目', after: '稳就业补贴资金', ...inNew('就业补贴项目') },
  },
  {
    what: 'the title',
    after: withPreambleLine(1, TITLE.replace(DEPARTMENT, RENAMED_DEPARTMENT)),
    expected: { kind: 'publication-changed', subject: '表', field: '标题', before: TITLE, after: TITLE.replace(DEPARTMENT, RENAMED_DEPARTMENT), file: NEW, line: undefined },
  },
  {
    what: '单位名称',
    after: withPreambleLine(3, `单位名称：${RENAMED_DEPARTMENT}`),
    expected: { kind: 'publication-changed', subject: '表', field: '单位名称', before: DEPARTMENT, after: RENAMED_DEPARTMENT, file: NEW, line: undefined },
  },
  // The five fields of an indicator, in different projects and positions.
  {
    what: '一级指标 of an indicator',
    after: withIndicatorField('就业补贴项目', 2, 'level1', '3-满意程度指标'),
    expected: { kind: 'indicator-changed', subject: '就业补贴项目', field: '第3条指标 一级指标', before: '3-满意度指标', after: '3-满意程度指标', ...inNew('就业补贴项目') },
  },
  {
    what: '二级指标 of an indicator',
    after: withIndicatorField('职业培训经费', 1, 'level2', '12-质量标准'),
    expected: { kind: 'indicator-changed', subject: '职业培训经费', field: '第2条指标 二级指标', before: '12-质量指标', after: '12-质量标准', ...inNew('职业培训经费') },
  },
  {
    what: '三级指标 of an indicator',
    after: withIndicatorField('技能鉴定补助', 0, 'name', '鉴定任务完成时限'),
    expected: { kind: 'indicator-changed', subject: '技能鉴定补助', field: '第1条指标 三级指标', before: '鉴定完成时限', after: '鉴定任务完成时限', ...inNew('技能鉴定补助') },
  },
  {
    what: '实施周期指标值 of an indicator',
    after: withIndicatorField('公共实训基地运营', 0, 'cycleValue', '320个'),
    expected: { kind: 'indicator-changed', subject: '公共实训基地运营', field: '第1条指标 实施周期指标值', before: '300个', after: '320个', ...inNew('公共实训基地运营') },
  },
  {
    what: '年度指标值 of an indicator',
    after: withIndicatorField('职业培训经费', 3, 'annualValue', '≥94%'),
    expected: { kind: 'indicator-changed', subject: '职业培训经费', field: '第4条指标 年度指标值', before: '≥93%', after: '≥94%', ...inNew('职业培训经费') },
  },
  {
    what: 'an indicator added at the end',
    after: withIndicators('公共实训基地运营', (xs) => [...xs, addedIndicator]),
    expected: {
      kind: 'indicator-added',
      subject: '公共实训基地运营',
      field: '第4条指标',
      before: '',
      after: printedIndicator(addedIndicator, 3),
      ...inNew('公共实训基地运营'),
    },
  },
  {
    what: 'the last indicator removed',
    after: withIndicators('职业培训经费', (xs) => xs.slice(0, -1)),
    expected: {
      kind: 'indicator-removed',
      subject: '职业培训经费',
      field: '第4条指标',
      before: printedIndicator(lastTrainingIndicator, 3),
      after: '',
      ...inOld('职业培训经费'),
    },
  },
  // Projects added and removed; the line shows which unit's list the project is in.
  {
    what: 'a project added at the end of the first unit (the rows below move down)',
    after: joinLines(withRowAfter('职业培训经费', projectCells('创业孵化补贴'))),
    expected: { kind: 'project-added', subject: '创业孵化补贴', field: '', before: '', after: '创业孵化补贴', file: NEW, line: endOfFirstUnit },
  },
  {
    what: "a project added to one unit under the name of the other unit's project",
    after: sameNameInOtherUnit,
    expected: { kind: 'project-added', subject: '公共实训基地运营', field: '', before: '', after: '公共实训基地运营', file: NEW, line: endOfFirstUnit },
  },
  {
    what: 'the first project removed (the rows below move up)',
    after: joinLines(withoutRow('就业补贴项目')),
    expected: { kind: 'project-removed', subject: '就业补贴项目', field: '', before: '就业补贴项目', after: '', ...inOld('就业补贴项目') },
  },
  {
    what: 'a project removed from one unit while the other unit keeps one of that name',
    before: sameNameInOtherUnit,
    after: DISTINCT_TSV,
    expected: { kind: 'project-removed', subject: '公共实训基地运营', field: '', before: '公共实训基地运营', after: '', file: OLD, line: endOfFirstUnit },
  },
];

/** A cell's separators in the other width (`、` as `.`), and codes with a full-width dash. */
const flipWidths = (cell: string) =>
  cell.replace(/[；;：:、-]/g, (c) => ({ '；': ';', ';': '；', '：': ':', ':': '：', '、': '.', '-': '－' })[c]!);

/** Copies that are spelled differently but say the same: sources move, records do not. */
const SAME_RECORDS: { what: string; after: string }[] = [
  { what: 'a blank line after every line', after: distinctLines().map((l) => `${l}\n`).join('\n') },
  { what: 'CRLF line ends', after: distinctLines().join('\r\n') + '\r\n' },
  {
    what: 'half-width and full-width separators swapped (单位名称 line, indicators)',
    after: joinLines(
      distinctLines().map((line, i) => {
        if (i + 1 === 3) return line.replace('：', ':');
        if (i + 1 <= HEADER_LINE) return line;
        const cells = line.split('\t');
        return spliced(cells, cells.length - 1, 1, flipWidths(cells.at(-1)!)).join('\t');
      }),
    ),
  },
  {
    what: 'amounts without thousands separators',
    after: joinLines(distinctLines().map((line, i) => (i + 1 > HEADER_LINE ? line.replace(/(\d),(\d{3})/g, '$1$2') : line))),
  },
];

describe('pubtable diff, one edit of the distinct fixture at a time', () => {
  // Plain loops rather than it.each: its titles quote and cut long case names.
  for (const { what, before = DISTINCT_TSV, after, expected } of SINGLE_EDITS) {
    it(`${what}: exactly that one change`, () => {
      expect(changesBetween(before, after)).toEqual([expected]);
    });
  }

  it('an identical copy: no change', () => {
    expect(changesBetween(DISTINCT_TSV, DISTINCT_TSV)).toEqual([]);
  });

  for (const { what, after } of SAME_RECORDS) {
    it(`${what}: no change`, () => {
      expect(after).not.toBe(DISTINCT_TSV); // the variant really is spelled differently
      expect(changesBetween(DISTINCT_TSV, after)).toEqual([]);
    });
  }
});

describe('pubtable diff on the command line, distinct fixture', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pubtable-diff-distinct-'));
  const oldFile = writeDistinct(dir, 'old.txt');
  // 其他资金 of 公共实训基地运营 edited alone: the row and its unit no longer add up.
  const newFile = writeDistinct(dir, 'new.txt', withCell('公共实训基地运营', '其他资金', '8.80'));

  it('--json reports the change with its line, though validate refuses the new version', () => {
    expect(pubtable(['validate', newFile, '--json']).status).toBe(1);
    const run = pubtable(['diff', oldFile, newFile, '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).changes).toEqual([
      {
        kind: 'amount-changed',
        subject: '公共实训基地运营',
        field: '其他资金',
        before: '0.88',
        after: '8.80',
        source: { file: newFile, line: lineOfRow('公共实训基地运营') },
        marks: [
          { op: 'del', text: '0.88' },
          { op: 'ins', text: '8.80' },
        ],
      },
    ]);
  });

  it('--out 更正说明.xlsx writes the before and after into cells', async () => {
    const out = join(dir, '更正说明.xlsx');
    expect(pubtable(['diff', oldFile, newFile, '--out', out]).status).toBe(0);
    const rows = await xlsxRows(readFileSync(out));
    expect(rows.filter((r) => r.includes('公共实训基地运营'))).toEqual([['1', '金额更正', '公共实训基地运营', '其他资金', '0.88', '8.80']]);
  });
});
