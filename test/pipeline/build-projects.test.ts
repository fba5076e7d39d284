/**
 * Issue 4: per-project printouts in three formats with real merges, and regeneration that
 * rewrites exactly what a correction touched.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildOptions } from '../../src/pipeline/build.js';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import { formatAmount } from '../../src/model/amount.js';
import { DEFAULT_TEMPLATES } from '../../src/template/report.js';
import { exampleText } from '../helpers/example.js';
import { docxRows, loadWorkbook, pdfPages, pdfText, xlsxRows } from '../helpers/read-back.js';

const squash = (s: string) => s.replace(/\s+/g, '');
const projects = readTextExport(Buffer.from(exampleText()), 'x.txt').publication.units.flatMap((u) => u.projects);

describe('per-project printouts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pubtable-proj-'));
  const input = join(dir, 'example.txt');
  const out = join(dir, 'out');
  const opts = (over: Partial<BuildOptions> = {}): BuildOptions => ({
    input,
    outDir: out,
    formats: ['pdf', 'docx', 'xlsx'],
    templatesDir: DEFAULT_TEMPLATES,
    projects: true,
    ...over,
  });
  let files: string[] = [];

  beforeAll(async () => {
    writeFileSync(input, exampleText());
    const r = await build(opts());
    expect(r.written).toHaveLength(3 + 23 * 3);
    files = readdirSync(join(out, 'projects')).sort();
  });

  it('writes 23 × 3 files named NN-name, readable and safe', () => {
    expect(files).toHaveLength(69);
    expect(files[0]).toBe('01-产业人才发展专项资金.docx');
    expect(files).toContain('23-广州追加提前下达劳动关系公共服务及薪酬调查经费财政补助#穗财社（2024）40号.pdf');
  });

  it('every field of every project is in its own three files', async () => {
    for (const [i, p] of projects.entries()) {
      const base = files.find((f) => f.startsWith(`${String(i + 1).padStart(2, '0')}-`))!.replace(/\.\w+$/, '');
      const pdf = pdfText(join(out, 'projects', `${base}.pdf`));
      const docx = (await docxRows(readFileSync(join(out, 'projects', `${base}.docx`)))).flat().join('\n');
      const xlsx = (await xlsxRows(readFileSync(join(out, 'projects', `${base}.xlsx`)))).flat().join('\n');
      const fields = [p.name, p.goal, formatAmount(p.amounts.total), ...p.indicators.flatMap((x) => [x.name, x.cycleValue, x.annualValue, `${x.level1.code}-${x.level1.name}`, `${x.level2.code}-${x.level2.name}`])];
      for (const f of fields) {
        expect(pdf, `${base}.pdf`).toContain(squash(f));
        expect(docx, `${base}.docx`).toContain(f);
        expect(xlsx, `${base}.xlsx`).toContain(f);
      }
    }
  });

  it('merges equal consecutive 一级/二级 cells in the PDF: each merged label is drawn once', () => {
    // 产业人才发展专项资金: 1-产出 over 4 rows, 11-数量 over 3, 2-效益 over 2.
    const text = pdfText(join(out, 'projects', '01-产业人才发展专项资金.pdf'));
    const count = (s: string) => text.split(s).length - 1;
    expect([count('1-产出指标'), count('11-数量指标'), count('2-效益指标'), count('12-质量指标')]).toEqual([1, 1, 1, 1]);
  });

  it('merges equal consecutive 一级/二级 cells in Word and Excel, and nothing else vertically', async () => {
    // 产业人才发展专项资金: 项目资金 over 2 rows (its label), 1-产出 over 4, 11-数量 over 3, 2-效益 over 2.
    const xml = await (await JSZip.loadAsync(readFileSync(join(out, 'projects', '01-产业人才发展专项资金.docx')))).file('word/document.xml')!.async('string');
    expect((xml.match(/<w:vMerge w:val="restart"\/>/g) ?? []).length).toBe(4);
    expect((xml.match(/<w:vMerge\/>/g) ?? []).length).toBe(1 + 3 + 2 + 1);
    const ws = (await loadWorkbook(readFileSync(join(out, 'projects', '01-产业人才发展专项资金.xlsx')))).worksheets[0]!;
    const at = (text: string) => {
      let addr = '';
      ws.eachRow((row) => row.eachCell((c) => void (c.value === text && !addr && (addr = c.address))));
      return addr;
    };
    const down = (from: string, rows: number) => `${from}:${from.replace(/\d+/, (n) => String(Number(n) + rows - 1))}`;
    const spansRows = (range: string) => {
      const [, top, bottom] = /^[A-Z]+(\d+):[A-Z]+(\d+)$/.exec(range)!;
      return top !== bottom;
    };
    const vertical = (ws.model as { merges: string[] }).merges.filter(spansRows);
    expect(vertical.sort()).toEqual([down(at('项目资金'), 2), down(at('1-产出指标'), 4), down(at('11-数量指标'), 3), down(at('2-效益指标'), 2)].sort());
  });

  it('a second identical build writes nothing; one corrected goal rewrites 3 printouts + 3 publication files', async () => {
    const stamp = (f: string) => statSync(join(out, 'projects', f)).mtimeMs;
    const before = new Map(files.map((f) => [f, [stamp(f), readFileSync(join(out, 'projects', f))] as const]));
    const again = await build(opts());
    expect(again.written).toEqual([]);
    expect(again.unchanged).toHaveLength(72);

    writeFileSync(input, exampleText().replace('以提升办公效率和安全性。', '以提升办公效率和网络安全性。'));
    const corrected = await build(opts());
    expect(corrected.written.sort()).toEqual(
      ['example.docx', 'example.pdf', 'example.xlsx', 'projects/09-购置经费.docx', 'projects/09-购置经费.pdf', 'projects/09-购置经费.xlsx'].sort(),
    );
    for (const f of files.filter((x) => !x.startsWith('09-'))) {
      expect(stamp(f), f).toBe(before.get(f)![0]);
      expect(readFileSync(join(out, 'projects', f)).equals(before.get(f)![1]), f).toBe(true);
    }
    expect(pdfText(join(out, 'projects', '09-购置经费.pdf'))).toContain('以提升办公效率和网络安全性。');
  });

  it('a removed project’s printouts are deleted, or listed with keepStale; a damaged file is rebuilt', async () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'pubtable-stale-'));
    const o = (over: Partial<BuildOptions>) => opts({ outDir: dir2, formats: ['docx'], ...over });
    writeFileSync(input, exampleText());
    expect((await build(o({}))).written).toHaveLength(24);
    writeFileSync(join(dir2, 'projects', '02-享受国务院特殊津贴人员医疗补贴.docx'), 'truncated');
    const repaired = await build(o({}));
    expect(repaired.written).toEqual(['projects/02-享受国务院特殊津贴人员医疗补贴.docx']);

    // Drop the last project (and fix the totals so the input stays valid).
    const lines = exampleText().split('\n').filter((l) => !l.includes('穗财社（2024）40号'));
    const text = lines.join('\n').replaceAll('3,105.64', '3,087.49');
    writeFileSync(input, text);
    const kept = await build(o({ keepStale: true }));
    expect(kept.stale).toEqual(['projects/23-广州追加提前下达劳动关系公共服务及薪酬调查经费财政补助#穗财社（2024）40号.docx']);
    const removed = await build(o({}));
    expect(removed.removed).toEqual(kept.stale);
    expect(readdirSync(join(dir2, 'projects'))).toHaveLength(22);
  });

  it('--project picks printouts by name or number; --combined puts them in one PDF', async () => {
    const dir3 = mkdtempSync(join(tmpdir(), 'pubtable-pick-'));
    writeFileSync(input, exampleText());
    const r = await build(opts({ outDir: dir3, formats: ['pdf'], projects: false, select: ['3', '购置经费'], combined: true }));
    expect(r.written.sort()).toEqual(['example-项目表合订.pdf', 'example.pdf', 'projects/03-事业单位人员招聘工作经费.pdf', 'projects/09-购置经费.pdf']);
    const combined = pdfText(join(dir3, 'example-项目表合订.pdf'));
    expect(combined).toContain('事业单位人员招聘工作经费项目支出绩效目标表');
    expect(combined).toContain('购置经费项目支出绩效目标表');
    // One bookmark per form, opening the page its form starts on.
    const { outlines } = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', join(dir3, 'example-项目表合订.pdf')], { encoding: 'utf8' })) as {
      outlines: { title: string; destpageposfrom1: number; kids: unknown[] }[];
    };
    const pages = pdfPages(join(dir3, 'example-项目表合订.pdf'));
    expect(outlines.map((o) => [o.title, o.kids])).toEqual([['3. 事业单位人员招聘工作经费', []], ['9. 购置经费', []]]);
    expect(pages[outlines[1]!.destpageposfrom1 - 1]!.replace(/\s+/g, '')).toContain('购置经费项目支出绩效目标表');
    expect(outlines[0]!.destpageposfrom1).toBe(1);
    await expect(build(opts({ outDir: dir3, select: ['不存在的项目'] }))).rejects.toThrow(/不存在的项目/);
  });

  it('--combined: a correction to any of its projects, the first too, rebinds it; one to another project does not', async () => {
    const dir4 = mkdtempSync(join(tmpdir(), 'pubtable-rebind-'));
    const pick = opts({ outDir: dir4, formats: ['pdf'], projects: false, select: ['3', '9'], combined: true });
    writeFileSync(input, exampleText());
    await build(pick);
    const corrected = (n: number, text: string) => text.replace(projects[n - 1]!.goal, `${projects[n - 1]!.goal}（第${n}项已更正）`);
    writeFileSync(input, corrected(3, exampleText()));
    const first = await build(pick);
    expect(first.written.sort()).toEqual(['example-项目表合订.pdf', 'example.pdf', 'projects/03-事业单位人员招聘工作经费.pdf']);
    expect(squash(pdfText(join(dir4, 'example-项目表合订.pdf')))).toContain('（第3项已更正）');
    writeFileSync(input, corrected(5, corrected(3, exampleText())));
    expect((await build(pick)).written).toEqual(['example.pdf']);
  });
});

describe('the published workbook as input', () => {
  it('a cell corrected in the published .xlsx gives corrected documents', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pubtable-xlsx-in-'));
    const input = join(dir, '2025.txt');
    writeFileSync(input, exampleText());
    const first = await build({ input, outDir: dir, formats: ['xlsx'], templatesDir: DEFAULT_TEMPLATES });
    expect(first.written).toEqual(['2025.xlsx']);

    // A finance officer opens the published sheet, corrects one goal and one amount pair, saves.
    const wb = await loadWorkbook(readFileSync(join(dir, '2025.xlsx')));
    const ws = wb.worksheets[0]!;
    let edited = 0;
    ws.eachRow((row) =>
      row.eachCell((c) => {
        if (c.value === '根据工作安排，更新购置电脑等设备，以提升办公效率和安全性。') {
          c.value = '根据工作安排，更新购置电脑等设备，以提升办公效率和网络安全性。';
          edited++;
        }
      }),
    );
    expect(edited).toBe(1);
    const corrected = join(dir, '2025-更正.xlsx');
    writeFileSync(corrected, Buffer.from(await wb.xlsx.writeBuffer()));

    const r = await build({ input: corrected, outDir: join(dir, 'out'), formats: ['pdf', 'docx'], templatesDir: DEFAULT_TEMPLATES, projects: true });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.written).toHaveLength(2 + 23 * 2);
    expect(pdfText(join(dir, 'out', '2025-更正.pdf'))).toContain('以提升办公效率和网络安全性。');
    expect(pdfText(join(dir, 'out', 'projects', '09-购置经费.pdf'))).toContain('以提升办公效率和网络安全性。');
    const docx = (await docxRows(readFileSync(join(dir, 'out', '2025-更正.docx')))).flat();
    expect(docx).toContain('根据工作安排，更新购置电脑等设备，以提升办公效率和网络安全性。');
    expect(docx.filter((c) => c === '3,105.64')).toHaveLength(4);
  });
});
