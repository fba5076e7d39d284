import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { amountToString } from '../../src/model/amount.js';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import { validate } from '../../src/validate/validate.js';
import { exampleLines, exampleText, lineOf } from '../helpers/example.js';

const read = (bytes: Uint8Array | string) =>
  readTextExport(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, 'in.txt');
const projects = (r: ReturnType<typeof read>) => r.publication.units.flatMap((u) => u.projects);
const codes = (ds: { code: string }[]) => ds.map((d) => d.code);

describe('the official text export', () => {
  it('reads the real example: 1 unit, 23 projects, 148 indicators, 3105.64', () => {
    const r = read(exampleText());
    expect(r.diagnostics).toEqual([]);
    const p = r.publication;
    expect(p.department).toBe('广州市番禺区人力资源和社会保障局（本级）');
    expect(p.year).toBe(2025);
    expect(p.includesTransfer).toBe(true);
    expect(p.units).toHaveLength(1);
    expect(projects(r)).toHaveLength(23);
    expect(projects(r).reduce((n, x) => n + x.indicators.length, 0)).toBe(148);
    expect(amountToString(p.total.total)).toBe('3105.64');
    expect(p.units[0]!.source.line).toBe(lineOf('广州市番禺区人力资源和社会保障局（本级）'));
  });

  it('keeps values verbatim: `<1%`, a `;` inside a value, `#穗财社（2024）40号`, and strips <p>', () => {
    const all = projects(read(exampleText()));
    const inds = all.flatMap((x) => x.indicators);
    expect(inds.find((i) => i.name === '劳监案件超期率')?.cycleValue).toBe('<1%');
    expect(inds.find((i) => i.name === '补助发放及时率')?.cycleValue).toBe('标准;100%');
    expect(all.some((x) => x.name.endsWith('#穗财社（2024）40号'))).toBe(true);
    expect(all.some((x) => /<\/?p>/.test(x.goal + x.indicators.map((i) => i.annualValue).join()))).toBe(false);
    // Half-width separators are read like full-width ones.
    const env = all.find((x) => x.name === '环保培训中心退休人员补助经费')!;
    expect(env.indicators[0]).toMatchObject({
      level1: { code: '1', name: '产出指标' },
      level2: { code: '11', name: '数量指标' },
      name: '补贴发放人数',
      cycleValue: '6人',
      annualValue: '6人',
    });
  });

  it('reports exactly the 7 level-2 codes that contradict their level 1, with lines', () => {
    const r = read(exampleText());
    const mismatches = validate(r.publication).filter((d) => d.code === 'INDICATOR_LEVEL_MISMATCH');
    expect(mismatches.map((d) => d.source.line)).toEqual([13, 13, 17, 19, 19, 38, 38]);
    expect(mismatches.every((d) => d.severity === 'warning')).toBe(true);
    expect(codes(validate(r.publication))).toContain('LATIN_IN_CHINESE');
  });

  it('strips only the budget systems’ tags written as tags: `a<b && c>d` is text', () => {
    const goal = '若a<b && c>d则<p class="x">按时</p><p>足额</p>发放<br/>补贴<span style=\'color:red\'>。</span>';
    const lines = exampleLines();
    const at = lineOf('环保培训中心退休人员补助经费') - 1;
    const cells = lines[at]!.split('\t');
    cells[5] = goal;
    lines[at] = cells.join('\t');
    const found = projects(read(lines.join('\n'))).find((x) => x.name === cells[0]!.trim());
    expect(found?.goal).toBe('若a<b && c>d则按时\n足额发放\n补贴。');
  });

  it('reads GB18030 with CRLF line ends and gives the same model', () => {
    const gb = iconv.encode(exampleText().replace(/\n/g, '\r\n'), 'gb18030');
    const r = read(gb);
    expect(r.diagnostics).toEqual([]);
    expect(r.publication.units).toEqual(read(exampleText()).publication.units.map((u) => u));
  });

  it('reads UTF-16LE with BOM (Excel "Unicode text") and quoted multi-line cells', () => {
    const lines = exampleLines();
    const at = lineOf('购置经费') - 1;
    const cells = lines[at]!.split('\t');
    // Excel puts each indicator on its own line inside a quoted cell, and doubles quotes.
    cells[6] = `"${cells[6]!.replace(/。(?=\d+、)/g, '。\r\n')}"`;
    cells[5] = `"${cells[5]!}以提升""办公效率""。"`;
    lines[at] = cells.join('\t');
    const text = lines.join('\r\n');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]);
    const r = read(bytes);
    expect(r.diagnostics).toEqual([]);
    const p = projects(r).find((x) => x.name === '购置经费')!;
    expect(p.indicators.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].slice(0, p.indicators.length));
    expect(p.goal.endsWith('以提升"办公效率"。')).toBe(true);
    // The row after the multi-line cell still knows its own line.
    const next = projects(r).find((x) => x.name === '工伤认定工作经费')!;
    expect(next.source.line).toBe(at + 1 + 1 + (p.indicators.length - 1));
    expect(projects(r)).toHaveLength(23);
  });

  it('reads a department with two units and a project funded from all four sources', () => {
    const head = ['部门2025年项目支出绩效目标表', '单位名称：示例局', '单位：万元'];
    const header = ['项目名称（资金使用单位）', '总计', '财政拨款', '财政专户拨款', '其他资金', '绩效目标', '绩效指标'];
    const ind = '1、1-产出指标；11-数量指标；数量；实施周期指标值:1；年度指标值:1。2、2-效益指标；22-社会效益；效益；实施周期指标值:好；年度指标值:好。3、3-满意度指标；31-服务对象满意度；满意度；实施周期指标值:>90%；年度指标值:>90%。';
    const rows = [
      ['合计', '1,111.10', '1,000.00', '100.00', '11.10', '', ''],
      ['示例局（本级）', '1,011.10', '1,000.00', '0.10', '11.00', '', ''],
      ['项目甲', '1,011.10', '1,000.00', '0.10', '11.00', '目标甲', ind],
      ['示例局下属中心', '100.00', '', '99.90', '0.10', '', ''],
      ['项目乙', '100.00', '', '99.90', '0.10', '目标乙', ind],
    ];
    const r = read([...head, header.join('\t'), ...rows.map((x) => x.join('\t'))].join('\n'));
    expect(r.diagnostics).toEqual([]);
    expect(r.publication.units.map((u) => [u.name, u.projects.map((x) => x.name)])).toEqual([
      ['示例局（本级）', ['项目甲']],
      ['示例局下属中心', ['项目乙']],
    ]);
    const a = r.publication.units[0]!.projects[0]!.amounts;
    expect([a.total, a.fiscal, a.special, a.other].map(amountToString)).toEqual(['1011.10', '1000.00', '0.10', '11.00']);
    expect(validate(r.publication).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a wrong 合计 is TOTAL_MISMATCH at the stated row', () => {
    const text = exampleText().replace('合计\t3,105.64\t3,105.64', '合计\t3,105.65\t3,105.65');
    const errors = validate(read(text).publication).filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.code, d.source.line])).toEqual([
      ['TOTAL_MISMATCH', lineOf('合计')],
      ['TOTAL_MISMATCH', lineOf('合计')],
    ]);
  });

  it('a project whose 总计 is not the sum of its sources is an error at its line', () => {
    const text = exampleText().replace('购置经费\t38.44\t38.44', '购置经费\t38.44\t38.40');
    const errors = validate(read(text).publication).filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toContain('AMOUNT_SUM_MISMATCH');
    expect(errors.find((d) => d.code === 'AMOUNT_SUM_MISMATCH')?.source.line).toBe(lineOf('购置经费'));
  });

  it('a file cut off mid-row is an error naming the last line', () => {
    const text = exampleText();
    const cut = text.slice(0, text.indexOf('\t63.84') + 6);
    const r = read(cut);
    expect(r.diagnostics.map((d) => [d.code, d.source.line])).toEqual([['UNREADABLE_ROW', 39]]);
  });

  it('a file cut off inside a quoted cell is TRUNCATED_ROW', () => {
    const text = exampleText() + '\n新项目\t1.00\t1.00\t\t\t"目标被截断';
    const r = read(text);
    expect(codes(r.diagnostics)).toContain('TRUNCATED_ROW');
    expect(r.diagnostics.find((d) => d.code === 'TRUNCATED_ROW')?.source.line).toBe(exampleLines().length + 1);
  });

  it('non-numeric amounts, unnamed projects and unsplittable indicators are located errors', () => {
    let text = exampleText().replace('购置经费\t38.44', '购置经费\t38.44元');
    text = text.replace('工伤认定工作经费\t', '\t');
    text = text.replace('保障人数；实施周期指标值:114人；年度指标值:114人。', '保障人数；114人。');
    const r = read(text);
    expect(r.diagnostics.map((d) => [d.code, d.source.line])).toEqual([
      ['INDICATOR_UNPARSEABLE', lineOf('租赁岗位合同工经费')],
      ['INVALID_AMOUNT', lineOf('购置经费')],
      ['PROJECT_NAME_MISSING', lineOf('工伤认定工作经费')],
    ]);
    expect(r.diagnostics.every((d) => d.severity === 'error' && /[\u4e00-\u9fff]/.test(d.message))).toBe(true);
  });

  it('warns about skipped numbering, duplicate names and missing categories', () => {
    let text = exampleText().replace('2、1-产出指标；11-数量指标；政策补贴人数', '3、1-产出指标；11-数量指标；政策补贴人数');
    text = text.replace('车辆购置经费\t', '购置经费\t');
    const ds = validate(read(text).publication);
    expect(ds.filter((d) => d.severity === 'error')).toEqual([]);
    expect(codes(ds)).toEqual(expect.arrayContaining(['INDICATOR_NUMBERING', 'DUPLICATE_PROJECT', 'MISSING_INDICATOR_CATEGORY']));
    expect(ds.find((d) => d.code === 'DUPLICATE_PROJECT')?.source.line).toBe(lineOf('车辆购置经费'));
  });
});
