/**
 * A bureau's run over a folder of departments (src/bureau/): the good ones built, the bad
 * one listed and the run failing; the portal package read back from its bytes and checked
 * against each department's own files and records.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPublication } from '../../src/ingest/index.js';
import { formatIndicator } from '../../src/model/indicator-text.js';
import { projectsOf } from '../../src/model/projects.js';
import { amountToString, parseAmount } from '../../src/model/amount.js';
import { pubtableInProcess } from '../helpers/cli.js';
import { htmlDocument, htmlRows, textOf } from '../helpers/html-read-back.js';
import { pdfPages, pdfText, xlsxRows } from '../helpers/read-back.js';
import { BAD, EDU, PANYU, writeDepartments } from '../fixtures/departments.js';
import { DEPARTMENT } from '../fixtures/distinct-publication.js';
import { parseCsv } from './csv.js';

process.env.PUBTABLE_WORKERS ??= '0';

/** The built departments in the portal's order: by folder name (code points), as `pubtable index` finds them. */
const BUILT = [
  { folder: DEPARTMENT, input: 'hr-2025.txt' },
  { folder: EDU, input: 'edu-2024.txt' },
  { folder: PANYU, input: 'panyu-2025.txt' },
].sort((a, b) => (a.folder < b.folder ? -1 : 1));

describe('pubtable build <folder>', () => {
  let root: string;
  let inputs: string;
  let out: string;
  let run: { status: number; stdout: string; stderr: string };
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'pubtable-bureau-'));
    inputs = writeDepartments(join(root, 'in'));
    out = join(root, 'out');
    run = await pubtableInProcess(['build', inputs, '--out', out, '--formats', 'pdf,xlsx,html']);
  }, 180_000);

  it('builds the good departments, lists the bad one with its message, and exits 1', () => {
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('单位 4 个：已生成 3 个，未生成 1 个');
    expect(run.stdout).toContain(`未生成：${BAD}（${join(inputs, 'bad-2025.txt')}）`);
    expect(run.stderr).toMatch(new RegExp(`✗ ${BAD} → ${BAD}/：有错误，未生成\\n.*bad-2025\\.txt:\\d+: 错误 AMOUNT_SUM_MISMATCH`));
    for (const { folder, input } of BUILT) {
      const name = input.replace('.txt', '');
      expect(readdirSync(join(out, folder)).filter((f) => !f.startsWith('.')).sort()).toEqual([`${name}.html`, `${name}.pdf`, `${name}.xlsx`]);
    }
    expect(readdirSync(join(out, BAD)).filter((f) => !f.startsWith('.'))).toEqual([]);
    expect(readdirSync(out).filter((f) => !f.startsWith('.')).sort()).toEqual(
      [...BUILT.map((b) => b.folder), BAD, 'index.html', '全部单位项目支出绩效目标表.pdf', '审核意见.xlsx', '汇总表.xlsx', '绩效指标.csv', '绩效指标.jsonl'].sort(),
    );
  });

  it('汇总表 shows each department with exactly the totals of its own table, and the grand total over them', async () => {
    const rows = await xlsxRows(readFileSync(join(out, '汇总表.xlsx')));
    const header = rows.findIndex((r) => r[1] === '单位名称');
    const cents = (s: string) => (s === '' ? 0n : parseAmount(s)!);
    const sum = [0n, 0n, 0n, 0n];
    const counts = [0, 0, 0];
    for (const { folder, input } of BUILT) {
      const row = rows.find((r) => r[1] === folder)!;
      // The department's own publication, read back: its 合计 row's four amounts.
      const own = (await xlsxRows(readFileSync(join(out, folder, input.replace('.txt', '.xlsx'))))).find((r) => r[0] === '合计')!;
      expect(row.slice(6, 10), folder).toEqual(own.slice(1, 5));
      own.slice(1, 5).forEach((a, i) => (sum[i]! += cents(a)));
      const p = (await readPublication(join(inputs, input))).publication;
      const projects = projectsOf(p);
      expect(row.slice(2, 6)).toEqual([String(p.year), String(p.units.length), String(projects.length), String(projects.reduce((n, r) => n + r.project.indicators.length, 0))]);
      expect(row[13]).toBe('已生成');
      [p.units.length, projects.length, projects.reduce((n, r) => n + r.project.indicators.length, 0)].forEach((n, i) => (counts[i]! += n));
    }
    const bad = rows.find((r) => r[1] === BAD)!;
    expect(bad.slice(6, 10)).toEqual(['', '', '', '']);
    expect(bad[13]).toBe('未生成');
    const total = rows[header + 5]!;
    expect(total[0]).toBe('合计（已生成的 3 个单位）');
    expect(total.slice(1, 4)).toEqual(counts.map(String));
    expect(total.slice(4, 8).map((s) => cents(s))).toEqual(sum);
    expect(rows.length).toBeGreaterThan(header + 5);
  });

  it('index.html holds the same rows, and its links open the departments\' files', () => {
    const bytes = readFileSync(join(out, 'index.html'));
    const html = htmlRows(bytes);
    expect(html.find((r) => r[1] === DEPARTMENT)!.slice(0, 14)).toEqual(expect.arrayContaining([DEPARTMENT, '2025', '已生成']));
    const hrefs = [...new TextDecoder().decode(bytes).matchAll(/href="([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
    expect(hrefs.sort()).toEqual(BUILT.flatMap(({ folder, input }) => ['html', 'pdf', 'xlsx'].map((f) => `${folder}/${input.replace('.txt', '')}.${f}`)).sort());
    for (const h of hrefs) expect(existsSync(join(out, h)), h).toBe(true);
    // Self-contained: nothing is loaded from anywhere.
    const text = new TextDecoder().decode(bytes);
    expect(text).not.toMatch(/\ssrc=|<link|url\(|(?:href)="(?:[a-z]+:|\/)/i);
    expect(textOf(htmlDocument(bytes).body)).toContain(BAD);
  });

  it('the open data has exactly one row per indicator of the built departments, equal to the records', async () => {
    const csv = readFileSync(join(out, '绩效指标.csv'));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [head, ...rows] = parseCsv(csv.subarray(3).toString('utf8'));
    const expected: string[][] = [];
    for (const { input } of BUILT) {
      const p = (await readPublication(join(inputs, input))).publication;
      for (const { unit, project } of projectsOf(p)) {
        for (const ind of project.indicators) {
          const a = project.amounts;
          expected.push([p.department, String(p.year), unit.name, project.name, ...[a.total, a.fiscal, a.special, a.other].map(amountToString),
            `${ind.level1.code}-${ind.level1.name}`, `${ind.level2.code}-${ind.level2.name}`, ind.name, ind.cycleValue, ind.annualValue, input, String(ind.source.line)]);
          // Each indicator's text is exactly the printed line's parts.
          expect(formatIndicator(ind)).toContain(ind.cycleValue);
        }
      }
    }
    expect(head).toEqual(['单位名称', '年度', '资金使用单位', '项目名称', '总计', '财政拨款', '财政专户拨款', '其他资金', '一级指标', '二级指标', '三级指标', '实施周期指标值', '年度指标值', '来源文件', '来源位置']);
    expect(rows).toEqual(expected);
    const jsonl = readFileSync(join(out, '绩效指标.jsonl'), 'utf8').trimEnd().split('\n').map((l) => Object.values(JSON.parse(l) as object));
    expect(jsonl).toEqual(rows);
  });

  it('the all-departments PDF holds every built department, in order, and not the bad one', () => {
    const text = pdfText(join(out, '全部单位项目支出绩效目标表.pdf')).replace(/\s+/g, '');
    const at = BUILT.map((d) => text.indexOf(`单位名称：${d.folder}`));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(text).not.toContain(BAD);
  });

  it('the all-departments PDF\'s bookmarks go department → 资金使用单位 → project, each opening its page', async () => {
    const file = join(out, '全部单位项目支出绩效目标表.pdf');
    const json = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', file], { encoding: 'utf8' })) as { outlines: QpdfOutline[] };
    const titles = (o: QpdfOutline): unknown => ({ title: o.title, kids: o.kids.map(titles) });
    const expected = [];
    for (const { input } of BUILT) {
      const p = (await readPublication(join(inputs, input))).publication;
      expected.push({ title: p.department, kids: p.units.map((u) => ({ title: u.name, kids: u.projects.map((x) => ({ title: x.name, kids: [] })) })) });
    }
    expect(json.outlines.map(titles)).toEqual(expected);
    const pages = pdfPages(file).map((t) => t.replace(/\s+/g, ''));
    for (const d of json.outlines) {
      expect(pages[d.destpageposfrom1 - 1], d.title).toContain(`单位名称：${d.title}`);
      for (const project of d.kids.flatMap((u) => u.kids)) {
        // A project's name may wrap over two pages' rows: its first characters are on its page.
        expect(pages[project.destpageposfrom1 - 1], project.title).toContain(project.title.replace(/\s+/g, '').slice(0, 6));
      }
    }
  });

  it('a second run changes nothing', async () => {
    const before = snapshot(out);
    const again = await pubtableInProcess(['build', inputs, '--out', out, '--formats', 'pdf,xlsx,html']);
    expect(again.status).toBe(1);
    expect(again.stdout).toContain('汇总：写入 0 个文件，未变 6 个');
    expect(again.stderr).toContain('写入 0 个文件，未变 3 个');
    expect(snapshot(out)).toEqual(before);
  }, 120_000);
});

interface QpdfOutline {
  title: string;
  destpageposfrom1: number;
  kids: QpdfOutline[];
}

/** Every file under `dir` with its bytes and modification time (a file rewritten with the same bytes shows). */
function snapshot(dir: string): Record<string, string> {
  const t: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const p = join(dir, f);
    try {
      t[f] = `${readFileSync(p).toString('base64')} ${statSync(p).mtimeMs}`;
    } catch {
      t[f] = 'dir';
    }
  }
  return t;
}
