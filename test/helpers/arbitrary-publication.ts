/**
 * fast-check arbitrary for valid publications: what every output format must carry
 * unchanged. Shapes: 1–3 units, 0–6 projects each, 0–8 indicators each; amounts exact
 * cents with total = fiscal + special + other, unit = sum of its projects, 合计 = sum of units.
 *
 * Text is Chinese mixed with Latin letters, digits, spaces and punctuation (including
 * `"`, `；`, `:`, `<`, `%`, full-width brackets), restricted to what the official text
 * export can carry, because one model must survive JSON, YAML and the text export:
 * - no tabs, line breaks or control characters in names, titles, notes or indicator
 *   fields (a 绩效目标 may span lines); no leading/trailing whitespace (cells are trimmed);
 * - no `&` and no `<` before a letter or `/` (the text cleaner reads those as HTML);
 * - names are not empty and not 合计 (that row is the grand total); every project has a
 *   绩效目标 (a row with neither 绩效目标 nor 绩效指标 is a unit row);
 * - indicator fields hold no `。` (it ends an indicator), level names no `；`/`;`, no field
 *   contains the labels 实施周期指标值/年度指标值, 年度指标值 does not end in `.`;
 *   codes are digits; numbers 0–99,999 (from 1000 on they start an indicator too);
 * - the title is `单位名称[YYYY年]项目支出绩效目标表[（含转移支付项目）]`, so year and
 *   含转移支付 agree with it (the text export derives them from the title); the
 *   department has no digits or colons;
 * - notes do not start with `单位：`/`单位名称：` (those lines mean something else).
 */
import fc from 'fast-check';
import type { Amount } from '../../src/model/amount.js';
import type { Amounts, Indicator, Project, Publication, Unit } from '../../src/model/types.js';

const HAN = '项目资金经费人才培训补贴发放社会保障就业服务管理中心局区市广州番禺劳动关系工伤认定满意度效益质量时效数量成本产出综合执法租赁岗位合同工退休人员环保'.split('');
const LATIN = 'AbcXyz019 '.split('');
const PUNCT = ['，', '、', '（', '）', '“', '”', '《', '》', '%', '-', '/', '#', '·', '"', "'", '>', '<', '+', '=', '～'];
const SEMI = ['；', ';', ':', '：'];

const MARKUP = /<\/?[A-Za-z]|&/;
const LABELS = /实施周期指标值|年度指标值/;

function text(chars: string[], maxLength: number, minLength = 1): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom(...chars), { minLength, maxLength })
    .map((cs) => cs.join(''))
    .filter((s) => s.trim() === s && !MARKUP.test(s) && !LABELS.test(s));
}

const words = [...HAN, ...HAN, ...LATIN, ...PUNCT];
const name = text(words, 16).filter((s) => s.replace(/\s+/g, '') !== '合计');
const goal = fc.array(text([...words, ...SEMI, '。'], 40), { minLength: 1, maxLength: 3 }).map((ls) => ls.join('\n'));
const levelName = text(words, 8, 0);
const value = text([...words, ...SEMI], 12, 0);
const code = fc.stringMatching(/^[0-9]{1,3}$/);

const indicator: fc.Arbitrary<Indicator> = fc.record({
  number: fc.oneof(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 1000, max: 99_999 })),
  level1: fc.record({ code, name: levelName }),
  level2: fc.record({ code, name: levelName }),
  name: value,
  cycleValue: value,
  annualValue: value.filter((s) => !s.endsWith('.')),
  source: fc.constant({ file: 'generated' }),
});

/** Zero often, so blank amount cells are exercised. */
const cents = fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 100_000_000_000n }));

const amounts: fc.Arbitrary<Amounts> = fc.tuple(cents, cents, cents).map(([f, s, o]) => ({
  total: (f + s + o) as Amount,
  fiscal: f as Amount,
  special: s as Amount,
  other: o as Amount,
}));

const project: fc.Arbitrary<Project> = fc.record({
  name,
  amounts,
  goal,
  indicators: fc.array(indicator, { maxLength: 8 }),
  source: fc.constant({ file: 'generated' }),
});

const unit: fc.Arbitrary<Unit> = fc
  .record({ name, projects: fc.array(project, { maxLength: 6 }) })
  .map(({ name, projects }) => ({ name, projects, amounts: sum(projects.map((x) => x.amounts)), source: { file: 'generated' } }));

const department = text([...HAN, 'A', 'b', ' ', '（', '）', '·'], 20).filter((s) => !/含转移支付|^单位/.test(s));
const note = fc.oneof(text([...words, ...SEMI], 30), text([...words, ...SEMI], 30).map((s) => `注：${s}`)).filter((s) => !/^单位(名称)?\s*[：:]/.test(s));

export const arbitraryPublication: fc.Arbitrary<Publication> = fc
  .record({
    department,
    year: fc.option(fc.integer({ min: 1990, max: 2100 }), { nil: null }),
    includesTransfer: fc.boolean(),
    moneyUnit: fc.constantFrom('万元', '元'),
    units: fc.array(unit, { minLength: 1, maxLength: 3 }),
    notes: fc.array(note, { maxLength: 3 }),
  })
  .map((r) => ({
    ...r,
    title: `${r.department}${r.year === null ? '' : `${r.year}年`}项目支出绩效目标表${r.includesTransfer ? '（含转移支付项目）' : ''}`,
    total: sum(r.units.map((u) => u.amounts)),
    totalSource: { file: 'generated' },
    moneyUnitSource: { file: 'generated' },
    source: { file: 'generated' },
  }));

function sum(xs: Amounts[]): Amounts {
  const add = (k: keyof Amounts) => xs.reduce((s, a) => s + a[k], 0n) as Amount;
  return { total: add('total'), fiscal: add('fiscal'), special: add('special'), other: add('other') };
}
