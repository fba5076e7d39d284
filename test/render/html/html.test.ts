/**
 * What only the HTML writer promises (the features every writer shares are in
 * ../features.test.ts): a self-contained page a portal can publish as it is, with a real
 * table a screen reader can navigate, printed like the PDF, and no record text ever read
 * as markup or style.
 */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/render/html/index.js';
import type { Cell, LayoutDocument, Paragraph } from '../../../src/layout/types.js';
import { sampleLayout, style } from '../../fixtures/sample-layout.js';
import { htmlDocument, textOf } from '../../helpers/html-read-back.js';

const html = async (layout: LayoutDocument) => new TextDecoder().decode((await renderHtml(layout)).bytes);

describe('renderHtml', () => {
  it('is one self-contained page: Chinese, UTF-8, no script, nothing fetched', async () => {
    const page = await html(sampleLayout());
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">')).toBe(true);
    expect(page).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|url\(|@import/i);
    expect(page).toContain('<title>示例局2025年项目支出绩效目标表</title>');
    expect(page).toContain('<meta name="author" content="示例局">');
    expect(page).toContain('<meta name="dcterms.created" content="2025-01-01">');
  });

  it('writes a real table: header rows in <thead> as <th scope>, the rest <td>, widths from the layout', async () => {
    const page = await html(sampleLayout());
    const thead = /<thead>([\s\S]*?)<\/thead>/.exec(page)![1]!;
    expect([...thead.matchAll(/<th class="s\d+" scope="col">([^<]*)<\/th>/g)].map((m) => m[1])).toEqual([
      '项目名称（资金使用单位）', '总计', '财政拨款', '财政专户拨款', '其他资金', '绩效目标', '绩效指标',
    ]);
    expect(/<tbody>[\s\S]*<\/tbody>/.exec(page)![0]).not.toContain('<th');
    // Widths by class, not style attributes: the page's one <style> is all a strict CSP must allow.
    const width = (cls: string) => Number(new RegExp(`^\\.${cls} \\{ width: ([\\d.]+)% \\}$`, 'm').exec(page)![1]);
    const widths = [...page.matchAll(/<col class="(w\d+)">/g)].map((m) => width(m[1]!));
    expect(widths).toEqual([14, 7, 7, 7, 7, 24, 34]);
    expect(page).not.toMatch(/ style="/);
  });

  it('a body cell that heads its row or column is a <th scope>, row- or col-group when it spans', async () => {
    const layout = sampleLayout();
    const table = layout.body.find((b) => b.kind === 'table')!;
    const [first, second] = table.rows[table.headerRows]!.cells as [Cell, Cell];
    first.scope = 'row';
    second.scope = 'col';
    second.colspan = 1;
    const page = await html(layout);
    const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(page)![1]!;
    expect([...body.matchAll(/<th class="s\d+" scope="(\w+)"[^>]*>/g)].map((m) => m[1])).toEqual([first.rowspan > 1 ? 'rowgroup' : 'row', 'col']);
  });

  it('marks where each cell came from and which field it shows for the workbench only, escaped; a published page carries neither', async () => {
    const layout = sampleLayout();
    const table = layout.body.find((b) => b.kind === 'table')!;
    const cell = table.rows[table.headerRows]!.cells[0]!;
    cell.ref = '"a<b>".txt:12';
    cell.field = 'name" onclick="x';
    const preview = new TextDecoder().decode((await renderHtml(layout, { sourceRefs: true })).bytes);
    expect(preview).toContain(' data-ref="&quot;a&lt;b&gt;&quot;.txt:12" data-field="name&quot; onclick=&quot;x">');
    const published = await html(layout);
    expect(published).not.toMatch(/data-ref|data-field/);
  });

  it('gives a table its caption, for screen readers (the title paragraph shows it on the page)', async () => {
    const layout = sampleLayout();
    const table = layout.body.find((b) => b.kind === 'table')!;
    if (table.kind === 'table') table.caption = '示例局<2025>项目支出绩效目标表';
    const page = await html(layout);
    expect(page).toContain('<table>\n<caption class="caption">示例局&lt;2025&gt;项目支出绩效目标表</caption>\n<colgroup>');
    expect(page).toMatch(/^\.caption \{ position: absolute; width: 1px; height: 1px; overflow: hidden;/m);
    expect(await html(sampleLayout())).not.toContain('<caption');
  });

  it('aligns each cell as its style says: amounts to the right', async () => {
    const page = await html(sampleLayout());
    const amountCell = /<td class="(s\d+)">1,230\.74<\/td>/.exec(page)?.[1];
    expect(amountCell).toBeDefined();
    expect(page).toMatch(new RegExp(`^\\.${amountCell} \\{[^}]*text-align: right;`, 'm'));
  });

  it('prints on A4 in the layout orientation and margins, the footer in the margin box with page counters', async () => {
    const landscape = await html(sampleLayout());
    expect(landscape).toContain('@page {\n  size: A4 landscape;\n  margin: 20mm 15mm 20mm 15mm;');
    expect(landscape).toMatch(/@bottom-center \{ content: "第 " counter\(page\) " 页 共 " counter\(pages\) " 页";/);
    const portrait = sampleLayout();
    portrait.page.orientation = 'portrait';
    expect(await html(portrait)).toContain('size: A4 portrait;');
  });

  it('never reads record text as markup, in the body, the title or the style sheet', async () => {
    const hostile = '</style><script>alert(1)</script>"&<b>';
    const layout = sampleLayout();
    layout.meta.title = hostile;
    layout.meta.author = hostile;
    layout.fonts['serif']!.office.eastAsia = hostile;
    const p: Paragraph = { kind: 'paragraph', style: style(`*/ ${hostile}`), runs: [{ kind: 'text', text: hostile }] };
    layout.body.push(p);
    layout.footer[0]!.runs.push({ kind: 'text', text: hostile });
    const bytes = (await renderHtml(layout)).bytes;
    const page = new TextDecoder().decode(bytes);
    expect(page).not.toContain('<script');
    const { body, css } = htmlDocument(bytes);
    // One style sheet, whole; the paragraph is the body's last and shows the text as written.
    expect(page.match(/<\/style>/g)).toHaveLength(1);
    expect(css).toContain('@bottom-center');
    const last = body.childNodes.filter((n) => 'tagName' in n).at(-1)!;
    expect(textOf(last)).toBe(hostile);
    expect(page).toContain(`<title>${hostile.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</title>`);
  });

  it('shows the header and footer once on screen, without the page numbers it has no pages for', async () => {
    const layout = sampleLayout();
    layout.header = [{ kind: 'paragraph', style: style('h', { align: 'right' }), runs: [{ kind: 'text', text: '内部资料' }] }];
    const page = await html(layout);
    expect(page).toMatch(/<p class="s\d+ band">内部资料<\/p>/);
    expect(page).not.toMatch(/<p[^>]*band[^>]*>第/);
    expect(page).toMatch(/@top-right \{ content: "内部资料";/);
  });
});
