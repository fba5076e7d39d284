/**
 * The workbench in a real browser (Debian's Chromium, driven by playwright-core; nothing
 * downloads a browser): the page shows the example's checks and preview, a click on a
 * message finds its record, every download is byte for byte what `pubtable build` writes,
 * a save on disk updates the page in place, an upload opens another table, a long build
 * can be cancelled, and nothing the page does breaks its own security policy.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticPublication } from '../../bench/synthetic.js';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import { writeTextExport } from '../../src/ingest/text-export/writer.js';
import { startServer, type Served } from '../../src/server/server.js';
import { DEFAULT_TEMPLATES } from '../../src/template/report.js';
import { DEPARTMENT, DISTINCT_PROJECTS, TITLE as DISTINCT_TITLE, writeDistinct } from '../fixtures/distinct-publication.js';
import { pubtableInProcess } from '../helpers/cli.js';
import { EXAMPLE_PATH } from '../helpers/example.js';

const dir = mkdtempSync(join(tmpdir(), 'pubtable-workbench-'));
const served = join(dir, 'served');
const input = join(served, 'panyu-hrss-2025.txt');
const example = readTextExport(readFileSync(EXAMPLE_PATH), EXAMPLE_PATH).publication;
const projectNames = example.units.flatMap((u) => u.projects.map((p) => p.name));

let server: Served;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const foreignRequests: string[] = [];

beforeAll(async () => {
  mkdirSync(served);
  copyFileSync(EXAMPLE_PATH, input);
  writeFileSync(join(served, 'synthetic-300.txt'), writeTextExport(syntheticPublication(example, 300)));
  server = await startServer({ target: served, host: '127.0.0.1', port: 0, templatesDir: DEFAULT_TEMPLATES, outDir: join(dir, 'out') });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const origin = new URL(server.url).origin;
  page.on('console', (m) => void (m.type() === 'error' && consoleErrors.push(m.text())));
  // The network only: Chromium's PDF viewer loads its own chrome:// and chrome-extension:// parts.
  page.on('request', (r) => void (/^(https?|wss?|ftp):/.test(r.url()) && !r.url().startsWith(`${origin}/`) && foreignRequests.push(r.url())));
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const preview = (): Frame => page.frame({ url: /\/preview\// })!;
const summary = async () => Object.fromEntries(await page.$$eval('#summary dt', (dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent])));

async function download(target: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click(`[data-target="${target}"]`)]);
  return readFileSync((await file.path())!);
}

describe('the workbench page', () => {
  it('shows the example: the checks as validate gives them, every message, and the preview', async () => {
    await page.waitForFunction(() => document.querySelectorAll('#messages li').length === 15);
    expect(await summary()).toMatchObject({
      单位名称: example.department,
      资金使用单位: '1 个',
      项目: '23 个',
      绩效指标: '148 条',
      '合计（万元）': '3,105.64',
      财政拨款: '3,105.64',
      财政专户拨款: '0.00',
      其他资金: '0.00',
      错误: '0 条',
      警告: '15 条',
    });
    expect(await page.locator('#messages .code', { hasText: 'INDICATOR_LEVEL_MISMATCH' }).count()).toBe(7);
    await page.waitForFunction(() => (document.getElementById('preview') as HTMLIFrameElement).contentDocument?.querySelector('table') !== null);
    const names = await preview().$$eval('td[data-ref]:first-child', (tds) => tds.map((td) => td.textContent));
    for (const name of projectNames) expect(names).toContain(name);
  });

  it('a click on a message (or Enter on it) scrolls the preview to its record and marks it', async () => {
    const messages = page.locator('#messages button', { hasText: 'INDICATOR_LEVEL_MISMATCH' });
    const text = (await messages.nth(4).textContent())!;
    const project = /项目“([^”]+)”/.exec(text)![1]!;
    await messages.nth(4).focus();
    await page.keyboard.press('Enter');
    const row = preview().locator('tr[data-highlight="true"]');
    await row.waitFor();
    expect(await row.locator('td').first().textContent()).toBe(project);
    expect(await preview().locator('[data-highlight]').count()).toBe(1);
    // In view: the row's top is inside the preview's window.
    const inView = await row.evaluate((tr) => {
      const r = tr.getBoundingClientRect();
      return r.top >= 0 && r.top < tr.ownerDocument.defaultView!.innerHeight;
    });
    expect(inView).toBe(true);
    // Another message moves the mark.
    await messages.nth(0).click();
    await page.waitForFunction(
      (name) => {
        const doc = (document.getElementById('preview') as HTMLIFrameElement).contentDocument!;
        return doc.querySelector('tr[data-highlight="true"] td')?.textContent === name;
      },
      /项目“([^”]+)”/.exec((await messages.nth(0).textContent())!)![1]!,
    );
    expect(await preview().locator('[data-highlight]').count()).toBe(1);
  });

  it('shows each project\'s printout', async () => {
    await page.selectOption('#project-select', '2');
    await page.waitForFunction(() => (document.getElementById('preview') as HTMLIFrameElement).contentWindow?.location.pathname === '/preview/project/2');
    await preview().waitForSelector('table');
    expect(await preview().textContent('body')).toContain(projectNames[1]!);
    await page.click('#tab-publication');
    await page.waitForFunction(() => (document.getElementById('preview') as HTMLIFrameElement).contentWindow?.location.pathname === '/preview/publication');
  });
});

describe('downloads', () => {
  const reference = join(dir, 'reference');

  beforeAll(async () => {
    const r = await pubtableInProcess(['build', input, '--out', reference, '--formats', 'pdf,docx,xlsx,html,ofd', '--projects']);
    expect(r.status, r.stderr).toBe(0);
  });

  it.each(['pdf', 'docx', 'xlsx', 'html', 'ofd'])('the publication as %s: the bytes pubtable build writes', async (format) => {
    expect((await download(format)).equals(readFileSync(join(reference, `panyu-hrss-2025.${format}`)))).toBe(true);
  });

  it('the printouts as a ZIP: every printout of pubtable build --projects, byte for byte', async () => {
    const zip = await JSZip.loadAsync(await download('printouts'));
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir).sort();
    const expected = readdirSync(join(reference, 'projects')).filter((n) => /\.(pdf|docx|xlsx)$/.test(n)).map((n) => `projects/${n}`).sort();
    expect(names).toEqual(expected);
    expect(names).toHaveLength(23 * 3);
    for (const n of names) expect(Buffer.from(await zip.files[n]!.async('uint8array')).equals(readFileSync(join(reference, n))), n).toBe(true);
  });

  it('the PDF tab shows the built PDF', async () => {
    await page.click('#tab-pdf');
    await page.waitForFunction(() => document.getElementById('pdf')?.getAttribute('src')?.startsWith('/view/pdf') === true, undefined, { timeout: 60_000 });
    const shown = await page.request.get(new URL('/view/pdf', server.url).href);
    expect(shown.headers()['content-type']).toBe('application/pdf');
    expect(Buffer.from(await shown.body()).equals(readFileSync(join(reference, 'panyu-hrss-2025.pdf')))).toBe(true);
    await page.click('#tab-publication');
  });
});

describe('live', () => {
  it('a save on disk updates the checks and the preview in place, keeping the scroll position', async () => {
    await page.waitForFunction(() => (document.getElementById('preview') as HTMLIFrameElement).contentDocument?.querySelector('table') !== null);
    await preview().evaluate(() => window.scrollTo(0, 1500));
    const before = await preview().evaluate(() => window.scrollY);
    expect(before).toBeGreaterThan(1000);
    const name = projectNames[10]!;
    writeFileSync(input, readFileSync(input, 'utf8').replace(name, `${name}（已更正）`));
    await page.waitForFunction(
      (n) => (document.getElementById('preview') as HTMLIFrameElement).contentDocument?.body?.textContent?.includes(n) === true,
      `${name}（已更正）`,
      { timeout: 10_000 },
    );
    await page.waitForFunction((y) => (document.getElementById('preview') as HTMLIFrameElement).contentWindow!.scrollY === y, before);
    expect(await summary()).toMatchObject({ 项目: '23 个' });
  });

  it('an upload opens another table', async () => {
    await page.setInputFiles('#file-input', writeDistinct(dir));
    await page.waitForFunction((t) => document.getElementById('summary-title-line')?.textContent === t, DISTINCT_TITLE);
    await page.waitForFunction((n) => document.querySelector('#summary dd:nth-of-type(3)')?.textContent === n, `${DISTINCT_PROJECTS.length} 个`);
    expect(await summary()).toMatchObject({ 单位名称: DEPARTMENT, 项目: `${DISTINCT_PROJECTS.length} 个`, 错误: '0 条' });
    expect(await page.$$eval('#input-select option', (os) => os.map((o) => o.textContent))).toEqual(['panyu-hrss-2025.txt', 'synthetic-300.txt', 'distinct.txt']);
  });

  it('a long build shows its progress and can be cancelled', async () => {
    const id = await page.$eval('#input-select', (s) => [...(s as HTMLSelectElement).options].find((o) => o.textContent === 'synthetic-300.txt')!.value);
    await page.selectOption('#input-select', id);
    await page.waitForFunction(() => document.querySelector('#summary dd:nth-of-type(3)')?.textContent === '300 个');
    await page.click('[data-target="printouts"]');
    await page.waitForFunction(() => Number((document.getElementById('build-bar') as HTMLProgressElement).value) > 0, undefined, { timeout: 60_000 });
    expect(await page.isVisible('#build-cancel')).toBe(true);
    await page.click('#build-cancel');
    await page.waitForFunction(() => document.getElementById('build-message')?.textContent?.startsWith('已取消') === true, undefined, { timeout: 60_000 });
    expect(await page.isVisible('#build')).toBe(false);
  });

  it('asked for nothing outside the server and broke none of its own rules', () => {
    expect(foreignRequests).toEqual([]);
    // A Content-Security-Policy violation is reported on the console.
    expect(consoleErrors).toEqual([]);
  });
});
