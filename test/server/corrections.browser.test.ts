/**
 * A correction made the way an office makes it, in the real browser (Debian's Chromium):
 * open the example, correct 法律顾问服务费's goal (常年 → 全年) and 购置经费's amounts, see
 * the inline errors of a bad figure and the unit and 合计 follow the typing, save, publish,
 * and get the corrected table and its 更正说明; then the original back from the history.
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

const totalsRow = async (name: string) =>
  page.$$eval('#editor-totals tr', (trs, n) => trs.find((tr) => tr.firstElementChild?.textContent === n)?.textContent ?? '', name);

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

describe('correcting in the workbench', () => {
  it('edits, checks as typed, saves, publishes with a 更正说明, and restores the original', async () => {
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

    await openProject('法律顾问服务费');
    const goal = page.locator('#edit-goal');
    await goal.fill((await goal.inputValue()).replace('通过提供常年法律指导', '通过提供全年法律指导'));
    expect(await page.isDisabled('#save')).toBe(false);

    await openProject('购置经费');
    await page.fill('#edit-amount-total', '38.444');
    expect(await page.textContent('#edit-amount-total-error')).toBe('INVALID_AMOUNT：总计“38.444”不是两位小数以内的金额');
    expect(await page.getAttribute('#edit-amount-total', 'aria-invalid')).toBe('true');
    expect(await page.isDisabled('#save')).toBe(true);
    expect(await page.textContent('#editor-state')).toContain('有 1 处错误');
    await page.fill('#edit-amount-total', '40.44');
    expect(await page.textContent('#edit-amount-total-error')).toContain('AMOUNT_SUM_MISMATCH');
    expect(await page.isDisabled('#save')).toBe(true);
    await page.fill('#edit-amount-fiscal', '40.44');
    expect(await page.textContent('#edit-amount-total-error')).toBe('');
    expect(await totalsRow('合计')).toBe('合计3,107.643,107.64');
    expect(await totalsRow(example.units[0]!.name)).toBe(`${example.units[0]!.name}3,107.643,107.64`);
    await page.screenshot({ path: join(dir, 'editing.png') });

    await page.click('#save');
    await message(page, '已保存');
    const saved = readFileSync(input, 'utf8');
    expect(saved).toContain('<p>通过提供全年法律指导');
    expect(saved).toContain('购置经费\t40.44\t40.44\t');
    expect(saved.split('\n').length).toBe(original.toString('utf8').split('\n').length);

    // The changes since the published version, the changed characters marked.
    await page.waitForFunction(() => document.querySelectorAll('#changes li').length === 7);
    expect(await page.$$eval('#changes del', (xs) => xs.map((x) => x.textContent))).toContain('常');
    expect(await page.$$eval('#changes ins', (xs) => xs.map((x) => x.textContent))).toContain('全');

    await page.click('#publish');
    await message(page, '已发布');
    expect(await page.textContent('#editor-message')).toContain('panyu-hrss-2025-更正说明.pdf');
    await page.screenshot({ path: join(dir, 'published.png') });
    expect(statSync(join(out, 'panyu-hrss-2025.pdf')).mtimeMs).toBeGreaterThan(firstBuild);
    const notice = pdfText(join(out, 'panyu-hrss-2025-更正说明.pdf')).replace(/\s+/g, '');
    expect(notice).toContain('共7处更正');
    expect(notice).toContain('通过提供〖全〗年法律指导');
    expect(notice).toContain('38.4440.44');
    expect(statSync(untouchedPrintout).mtimeMs).toBe(untouched);

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
});
