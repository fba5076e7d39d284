/**
 * A correction made the way an office makes it, in the real browser (Debian's Chromium):
 * open the example, click 法律顾问服务费's goal in the preview and correct it (常年 → 全年),
 * then 购置经费's amounts, see the inline errors of a bad figure and the unit and 合计 rows
 * of the preview follow the typing, save, publish, download the corrected table and its
 * 更正说明; then the original back from the history.
 */
import { copyFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import { startServer, type Served } from '../../src/server/server.js';
import { DEFAULT_TEMPLATES } from '../../src/template/report.js';
import { EXAMPLE_PATH } from '../helpers/example.js';
import { pdfText } from '../helpers/read-back.js';

const dir = mkdtempSync(join(tmpdir(), 'pubtable-corrections-'));
const input = join(dir, 'panyu-hrss-2025.txt');
const out = join(dir, 'out');
const example = readTextExport(readFileSync(EXAMPLE_PATH), EXAMPLE_PATH).publication;
const positionOf = (name: string) => example.units.flatMap((u) => u.projects).findIndex((p) => p.name === name) + 1;

let server: Served;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  copyFileSync(EXAMPLE_PATH, input);
  server = await startServer({ target: input, host: '127.0.0.1', port: 0, templatesDir: DEFAULT_TEMPLATES, outDir: out });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  page.on('console', (m) => void (m.type() === 'error' && consoleErrors.push(m.text())));
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Waits for the editor's message to say `what`; on a timeout, says what it said instead. */
async function message(p: Page, what: string): Promise<void> {
  try {
    await p.waitForFunction((w) => document.getElementById('editor-message')?.textContent?.includes(w), what, { timeout: 60_000 });
  } catch {
    throw new Error(`expected the editor to say “${what}”, it says “${await p.textContent('#editor-message')}” (${await p.textContent('#editor-state')})`);
  }
}

async function openProject(name: string): Promise<void> {
  await page.selectOption('#project-select', String(positionOf(name)));
  await page.waitForFunction((n) => document.querySelector('#editor-form h3')?.textContent?.endsWith(n), name);
}

/** Where the cell showing `field` of project `name` is in the page, scrolled into the preview's view; `line` picks a line of a cell of lines. */
async function cellPoint(name: string, field: string, line?: number): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ({ name, field, line }) => {
      const frame = document.getElementById('preview') as HTMLIFrameElement;
      const doc = frame.contentDocument!;
      const row = [...doc.querySelectorAll('td[data-field="name"]')].find((c) => c.textContent === name)!.closest('tr')!;
      const cell = row.querySelector(`td[data-field="${field}"]`)!;
      cell.scrollIntoView({ block: 'center' });
      let r = cell.getBoundingClientRect();
      if (line !== undefined) {
        const range = doc.createRange();
        range.selectNodeContents([...cell.childNodes].filter((n) => n.nodeType === 3)[line]!);
        r = range.getClientRects()[0]!;
      }
      const f = frame.getBoundingClientRect();
      return { x: f.left + r.left + Math.min(20, r.width / 2), y: f.top + r.top + r.height / 2 };
    },
    { name, field, line },
  );
}

/** Clicks a field where the preview shows it, as a user does, and waits for the editor over it. */
async function clickInPreview(name: string, field: string, line?: number): Promise<void> {
  const { x, y } = await cellPoint(name, field, line);
  await page.mouse.click(x, y);
  await page.waitForFunction((n) => !document.getElementById('inplace')!.hidden && document.querySelector('#inplace h3')?.textContent?.includes(n), name);
}

/** The text of a row of the preview: the project `name`'s, or the row whose cell has `field`. */
const previewRow = (what: { name: string } | { field: string }) =>
  page.evaluate((w) => {
    const doc = (document.getElementById('preview') as HTMLIFrameElement).contentDocument!;
    const cell = 'name' in w ? [...doc.querySelectorAll('td[data-field="name"]')].find((c) => c.textContent === w.name) : doc.querySelector(`td[data-field="${w.field}"]`);
    return cell?.closest('tr')?.textContent ?? '';
  }, what);

/** Clicks a link of 已发布的文件 and returns the bytes the browser saved. */
async function download(label: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`#published a:text-is("${label}")`)]);
  return readFileSync((await file.path())!);
}

describe('correcting in the workbench', () => {
  it('corrects where the table shows it, checks as typed, saves, publishes, downloads the table and its 更正说明, and restores the original', async () => {
    const original = readFileSync(input);
    await page.waitForFunction(() => document.querySelectorAll('#project-select option').length === 23);
    // The table as it went out is published first, as an office would have done.
    await page.click('#tab-edit');
    await page.waitForSelector('#editor-form h3');
    await page.click('#publish');
    await message(page, '已发布');
    const firstBuild = statSync(join(out, 'panyu-hrss-2025.pdf')).mtimeMs;
    const untouchedPrintout = join(out, 'projects', `${String(positionOf('业务用房经费')).padStart(2, '0')}-业务用房经费.pdf`);
    const untouched = statSync(untouchedPrintout).mtimeMs;

    // In the preview: the goal, where it is shown; the cell follows the typing.
    await page.click('#tab-publication');
    await page.waitForFunction(() => (document.getElementById('preview') as HTMLIFrameElement).contentDocument?.querySelector('td[data-field="goal"]'));
    await clickInPreview('法律顾问服务费', 'goal');
    expect(await page.textContent('#inplace h3')).toBe(`${positionOf('法律顾问服务费')}. 法律顾问服务费 · 绩效目标`);
    const goal = page.locator('#inplace-goal');
    await goal.fill((await goal.inputValue()).replace('通过提供常年法律指导', '通过提供全年法律指导'));
    expect(await previewRow({ name: '法律顾问服务费' })).toContain('通过提供全年法律指导');

    // An amount: a bad figure is an error under the field and outlines the cell; nothing can be saved.
    await clickInPreview('购置经费', 'amount-total');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('inplace-amount-total');
    await page.fill('#inplace-amount-total', '38.444');
    expect(await page.textContent('#inplace-amount-total-error')).toBe('INVALID_AMOUNT：总计“38.444”不是两位小数以内的金额');
    expect(await page.getAttribute('#inplace-amount-total', 'aria-invalid')).toBe('true');
    expect(await page.isDisabled('#inplace button:text-is("保存")')).toBe(true);
    expect(await page.isDisabled('#save')).toBe(true);
    const outline = () => page.evaluate(() => (document.getElementById('preview') as HTMLIFrameElement).contentDocument!.querySelector<HTMLElement>('td[data-field="amount-total"][style*="outline"]')?.style.outline ?? '');
    expect(await outline()).toContain('solid');
    await page.fill('#inplace-amount-total', '40.44');
    expect(await page.textContent('#inplace-amount-total-error')).toContain('AMOUNT_SUM_MISMATCH');
    expect(await page.isDisabled('#inplace button:text-is("保存")')).toBe(true);
    await page.fill('#inplace-amount-fiscal', '40.44');
    expect(await page.textContent('#inplace-amount-total-error')).toBe('');
    expect(await outline()).toBe('');
    // The unit's row and 合计, in the preview, as typed (3,105.64 + 2.00).
    expect(await previewRow({ field: 'sum-amount-total' })).toBe('合计3,107.643,107.64');
    expect(await previewRow({ field: 'unit-amount-total' })).toBe(`${example.units[0]!.name}3,107.643,107.64`);
    expect(await previewRow({ name: '购置经费' })).toMatch(/^购置经费40\.4440\.44/);

    // One indicator line: the panel is that indicator's; a change shows in its line, and 撤销 takes it back.
    const law = example.units.flatMap((u) => u.projects).find((p) => p.name === '法律顾问服务费')!;
    await clickInPreview('法律顾问服务费', 'indicators', 1);
    expect(await page.textContent('#inplace h3')).toContain('第 2 条指标');
    expect(await page.inputValue('#inplace-ind1-name')).toBe(law.indicators[1]!.name);
    await page.fill('#inplace-ind1-annual', '临时改动');
    expect(await previewRow({ name: '法律顾问服务费' })).toContain('年度指标值：临时改动');
    await page.click('#inplace button:text-is("撤销")');
    expect(await page.inputValue('#inplace-ind1-annual')).toBe(law.indicators[1]!.annualValue);
    expect(await previewRow({ name: '法律顾问服务费' })).not.toContain('临时改动');
    expect(await previewRow({ name: '法律顾问服务费' })).toContain('通过提供全年法律指导');
    await page.screenshot({ path: join(dir, 'editing.png') });

    await page.click('#inplace button:text-is("保存")');
    await message(page, '已保存');
    await page.waitForFunction(() => document.getElementById('inplace')!.hidden);
    const saved = readFileSync(input, 'utf8');
    expect(saved).toContain('<p>通过提供全年法律指导');
    expect(saved).toContain('购置经费\t40.44\t40.44\t');
    expect(saved).not.toContain('临时改动');
    expect(saved.split('\n').length).toBe(original.toString('utf8').split('\n').length);

    // The changes since the published version, the changed characters marked.
    await page.click('#tab-edit');
    await page.waitForFunction(() => document.querySelectorAll('#changes li').length === 7);
    expect(await page.$$eval('#changes del', (xs) => xs.map((x) => x.textContent))).toContain('常');
    expect(await page.$$eval('#changes ins', (xs) => xs.map((x) => x.textContent))).toContain('全');

    await page.click('#publish');
    await message(page, '已发布');
    expect(await page.textContent('#editor-message')).toContain('panyu-hrss-2025-更正说明.pdf');
    expect(statSync(join(out, 'panyu-hrss-2025.pdf')).mtimeMs).toBeGreaterThan(firstBuild);
    const notice = pdfText(join(out, 'panyu-hrss-2025-更正说明.pdf')).replace(/\s+/g, '');
    expect(notice).toContain('共7处更正');
    expect(notice).toContain('通过提供〖全〗年法律指导');
    expect(notice).toContain('38.4440.44');
    expect(statSync(untouchedPrintout).mtimeMs).toBe(untouched);

    // The corrected table and its 更正说明, downloaded from the page: the files 发布 wrote.
    await page.waitForFunction(() => document.querySelectorAll('#published a').length === 10);
    await page.screenshot({ path: join(dir, 'published.png') });
    expect((await download('更正说明 OFD')).equals(readFileSync(join(out, 'panyu-hrss-2025-更正说明.ofd')))).toBe(true);
    expect((await download('更正说明 PDF')).equals(readFileSync(join(out, 'panyu-hrss-2025-更正说明.pdf')))).toBe(true);
    expect((await download('更正说明 Word')).equals(readFileSync(join(out, 'panyu-hrss-2025-更正说明.docx')))).toBe(true);
    const table = await download('更正后的全表 PDF');
    expect(table.equals(readFileSync(join(out, 'panyu-hrss-2025.pdf')))).toBe(true);
    expect(pdfText(join(out, 'panyu-hrss-2025.pdf')).replace(/\s+/g, '')).toContain('通过提供全年法律指导');

    // The history: the original (published), the correction (published, current); restore the first.
    await page.waitForFunction(() => document.querySelectorAll('#history li').length === 2);
    expect(await page.textContent('#history li:first-child')).toContain('原始版本（已发布）');
    await page.click('#history li:first-child button:has-text("恢复此版本")');
    await message(page, '已恢复');
    expect(readFileSync(input).equals(original)).toBe(true);
    await openProject('法律顾问服务费');
    expect(await page.inputValue('#edit-goal')).toContain('通过提供常年法律指导');
    expect(consoleErrors).toEqual([]);
  });

  it('a save from a tab whose corrections were made on an older version is refused, and says so', async () => {
    const other = await browser.newPage();
    await other.goto(server.url);
    await other.click('#tab-edit');
    await other.waitForSelector('#edit-name');
    // The second tab starts a correction…
    await other.fill('#edit-name', '另一个名称');
    // …while the first saves one.
    await openProject('法律顾问服务费');
    // The 更正 form checks as the editor over the preview does (they share the records).
    await page.fill('#edit-amount-other', '1.234');
    expect(await page.textContent('#edit-amount-other-error')).toBe('INVALID_AMOUNT：其他资金“1.234”不是两位小数以内的金额');
    expect(await page.isDisabled('#save')).toBe(true);
    await page.fill('#edit-amount-other', '');
    expect(await page.textContent('#edit-amount-other-error')).toBe('');
    await page.fill('#edit-name', '法律顾问服务费（更正）');
    await page.click('#save');
    await message(page, '已保存');
    const bytes = readFileSync(input);
    await message(other, '在别处被修改');
    await other.click('#save');
    await message(other, 'VERSION_STALE');
    expect(readFileSync(input).equals(bytes)).toBe(true);
    await other.close();
  });

  it('indicator levels are chosen from the official codes with the warnings validate gives as you choose; indicators are added and removed', async () => {
    const name = '享受国务院特殊津贴人员医疗补贴';
    const before = example.units.flatMap((u) => u.projects).find((p) => p.name === name)!;
    await page.click('#tab-edit');
    await openProject(name);
    // Its 4th indicator is filed under 1-产出指标 with a level 2 of 效益指标 (the example's own contradiction).
    expect(await page.inputValue('#edit-ind3-level2')).toBe('21\u0000经济效益');
    expect(await page.textContent('#editor-form fieldset:nth-of-type(4) .field-warning')).toBe(
      `INDICATOR_LEVEL_MISMATCH：项目“${name}”第4条指标：二级指标“21-经济效益”不属于一级指标“1-产出指标”`,
    );
    await page.selectOption('#edit-ind3-level1', '2\u0000效益指标');
    expect(await page.textContent('#editor-form fieldset:nth-of-type(4) .field-warning')).toBe('');
    expect(await page.textContent('#editor-form fieldset:nth-of-type(4) legend')).toBe('第 4 条指标（2-效益指标；21-经济效益）');
    // One removed (the first), one added at the end and filled in; the numbers run 1, 2, 3… again.
    await page.click('#editor-form fieldset:nth-of-type(1) button:text-is("删除这条指标")');
    await page.click('button:text-is("添加一条指标")');
    const last = before.indicators.length - 1;
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`edit-ind${last}-name`);
    await page.fill(`#edit-ind${last}-name`, '新增指标');
    await page.fill(`#edit-ind${last}-cycle`, '≥1次');
    await page.fill(`#edit-ind${last}-annual`, '≥1次');
    await page.evaluate(() => (document.getElementById('editor-message')!.textContent = ''));
    await page.click('#save');
    await message(page, '已保存');
    const records = await page.evaluate(async () => (await (await fetch('/api/records')).json()) as { publication: { units: { projects: { name: string; indicators: { number: number; level1: { code: string }; name: string; annualValue: string }[] }[] }[] } });
    const saved = records.publication.units.flatMap((u) => u.projects).find((p) => p.name === name)!;
    expect(saved.indicators.map((i) => i.number)).toEqual(before.indicators.map((_, k) => k + 1));
    expect(saved.indicators.map((i) => i.name)).toEqual([...before.indicators.slice(1).map((i) => i.name), '新增指标']);
    expect(saved.indicators[2]!.level1.code).toBe('2');
    expect(saved.indicators.at(-1)!.annualValue).toBe('≥1次');
    // The checks of the saved file: that mismatch is gone from the messages.
    await page.waitForFunction((n) => ![...document.querySelectorAll('#messages li')].some((li) => li.textContent?.includes(`${n}”第4条指标：二级指标“21-经济效益”`)), name);
    expect(readFileSync(input, 'utf8')).toContain('新增指标');
  });
});
