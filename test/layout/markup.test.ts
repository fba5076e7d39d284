import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import { LayoutError } from '../../src/layout/layout-error.js';
import { parseMarkup } from '../../src/layout/markup.js';
import type { Inline, Table } from '../../src/layout/types.js';
import { DEFAULT_TEMPLATES, loadReport, renderLayout } from '../../src/template/report.js';
import { exampleText } from '../helpers/example.js';

const created = new Date('2025-01-01T00:00:00Z');
const publication = () => readTextExport(Buffer.from(exampleText()), 'in.txt').publication;
const textOf = (runs: Inline[]) => runs.map((r) => (r.kind === 'text' ? r.text : r.kind === 'break' ? '\n' : `{${r.field}}`)).join('');

describe('templates → layout', () => {
  const report = loadReport(DEFAULT_TEMPLATES, 'publication');
  const layout = renderLayout(report, { publication: publication() }, created);
  const table = layout.body.find((b): b is Table => b.kind === 'table')!;

  it('lays out the publication as the official table', () => {
    expect(layout.page.orientation).toBe('landscape');
    expect(table.columns).toHaveLength(7);
    expect(table.headerRows).toBe(1);
    // header, 合计, one unit, 23 projects
    expect(table.rows).toHaveLength(26);
    expect(textOf(table.rows[1]!.cells[0]!.runs)).toBe('合计');
    expect(textOf(table.rows[1]!.cells[1]!.runs)).toBe('3,105.64');
    expect(table.rows[1]!.cells[1]!.number).toBe(3105.64);
    // Zero amounts are empty cells without a number.
    expect(table.rows[1]!.cells[3]!.runs).toEqual([]);
    expect(table.rows[1]!.cells[3]!.number).toBeUndefined();
    expect(textOf(layout.footer[0]!.runs)).toBe('第 {page} 页 共 {pages} 页');
    // The table says what it is, for screen readers: the publication's title.
    expect(table.caption).toBe(publication().title);
  });

  it('writes indicators one per line with full-width separators, values verbatim', () => {
    const first = table.rows[3]!;
    const lines = textOf(first.cells[6]!.runs).split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toBe('1、1-产出指标；11-数量指标；培育扶持产业人才数量；实施周期指标值：1000人次；年度指标值：1000人次。');
    const all = table.rows.map((r) => textOf(r.cells[6]?.runs ?? [])).join('\n');
    expect(all).toContain('实施周期指标值：标准;100%；');
    expect(all).toContain('实施周期指标值：<1%；');
    expect(all).not.toMatch(/指标值:/);
    expect(first.cells[6]!.ref).toBe('in.txt:12');
  });

  it('names the field each record cell shows, for the workbench editor: 合计, unit and project rows, column by column', () => {
    const fields = (row: number) => table.rows[row]!.cells.map((c) => c.field ?? '');
    expect(fields(0)).toEqual(['', '', '', '', '', '', '']);
    expect(fields(1)).toEqual(['', 'sum-amount-total', 'sum-amount-fiscal', 'sum-amount-special', 'sum-amount-other', '', '']);
    expect(fields(2)).toEqual(['', 'unit-amount-total', 'unit-amount-fiscal', 'unit-amount-special', 'unit-amount-other', '', '']);
    expect(fields(3)).toEqual(['name', 'amount-total', 'amount-fiscal', 'amount-special', 'amount-other', 'goal', 'indicators']);
  });

  it('marks each unit (level 1) and each of its projects (level 2) for the outline, by name, and nothing else; links nothing', () => {
    const p = publication();
    const entries = table.rows.flatMap((r) => r.cells.flatMap((c) => (c.outline ? [c.outline] : [])));
    expect(entries).toEqual(p.units.flatMap((u) => [{ level: 1, title: u.name }, ...u.projects.map((x) => ({ level: 2, title: x.name }))]));
    expect(entries).toHaveLength(1 + 23);
    // The entry sits on the name cell (column 0) of its row, the unit's row or the project's.
    expect(table.rows[2]!.cells[0]!.outline).toEqual({ level: 1, title: textOf(table.rows[2]!.cells[0]!.runs) });
    expect(table.rows[3]!.cells[0]!.outline).toEqual({ level: 2, title: textOf(table.rows[3]!.cells[0]!.runs) });
    expect(layout.body.some((b) => b.kind === 'paragraph' && b.outline)).toBe(false);
    expect(table.rows.some((r) => r.cells.some((c) => c.link !== undefined))).toBe(false);
    // A name that looks like markup is an entry's title as it is.
    p.units[0]!.projects[0]!.name = '名"称" <cell> & </document>';
    const t = renderLayout(report, { publication: p }, created).body.find((b): b is Table => b.kind === 'table')!;
    expect(t.rows[3]!.cells[0]!.outline).toEqual({ level: 2, title: '名"称" <cell> & </document>' });
  });

  it('escapes data: markup-like text in records stays text', () => {
    const p = publication();
    p.units[0]!.projects[0]!.goal = '<cell>注入</cell> & "引号" </document>';
    const l = renderLayout(report, { publication: p }, created);
    const t = l.body.find((b): b is Table => b.kind === 'table')!;
    expect(textOf(t.rows[3]!.cells[5]!.runs)).toBe('<cell>注入</cell> & "引号" </document>');
  });
});

describe('layout markup', () => {
  const styles = loadReport(DEFAULT_TEMPLATES, 'publication').styles;
  const parse = (m: string) => parseMarkup(m, styles, created, 'm.xml');
  const errorOf = (f: () => unknown): LayoutError => {
    try {
      f();
    } catch (e) {
      if (e instanceof LayoutError) return e;
      throw e;
    }
    throw new Error('no error');
  };

  it('rejects unknown elements and attributes with their line', () => {
    const e = errorOf(() => parse('<document>\n<p style="title">a</p>\n<para/>\n</document>'));
    expect([e.code, e.line]).toEqual(['LAYOUT_UNKNOWN_ELEMENT', 3]);
    const a = errorOf(() => parse('<document>\n<p style="title" colour="red">a</p></document>'));
    expect([a.code, a.line]).toEqual(['LAYOUT_UNKNOWN_ATTRIBUTE', 2]);
    expect(errorOf(() => parse('<document><p style="nope">a</p></document>')).code).toBe('UNKNOWN_STYLE');
  });

  it('checks that rows fill the columns once spans are counted', () => {
    const ok = parse(
      '<document><table columns="1 1 1"><row><cell style="text" rowspan="2">a</cell><cell style="text" colspan="2">b</cell></row>' +
        '<row><cell style="text">c</cell><cell style="text">d</cell></row></table></document>',
    );
    expect((ok.body[0] as Table).rows[1]!.cells).toHaveLength(2);
    const e = errorOf(() => parse('<document><table columns="1 1"><row><cell style="text">a</cell></row></table></document>'));
    expect(e.code).toBe('LAYOUT_TABLE_SHAPE');
  });

  it('treats template indentation as layout, line breaks in text as breaks', () => {
    const d = parse('<document>\n  <p style="title">\n    第一行\n第二行 <br/>三\n  </p>\n</document>');
    expect(textOf((d.body[0] as { runs: Inline[] }).runs)).toBe('第一行\n第二行 \n三');
  });

  it('reports an unknown element at its line in a user template', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pubtable-tpl-'));
    cpSync(DEFAULT_TEMPLATES, dir, { recursive: true });
    const file = join(dir, 'publication.hbs');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('<p style="title"'));
    lines.splice(at, 0, '  <colgroup/>');
    writeFileSync(file, lines.join('\n'));
    const e = errorOf(() => loadReport(dir, 'publication'));
    expect([e.code, e.file, e.line]).toEqual(['LAYOUT_UNKNOWN_ELEMENT', file, at + 1]);
  });
});

describe('the per-project printout', () => {
  const report = loadReport(DEFAULT_TEMPLATES, 'project');
  const p = publication();
  const unit = p.units[0]!;

  it('merges equal consecutive 一级 and 二级 cells', () => {
    const project = unit.projects[0]!; // 产业人才发展专项资金: 1/11 ×3, 1/12, 2/21, 2/22, 3/31
    const l = renderLayout(report, { publication: p, unit, project, position: 1 }, created);
    const table = l.body.find((b): b is Table => b.kind === 'table')!;
    // Five key/value rows, then the grid's header and one row per indicator.
    const grid = { rows: table.rows.slice(5) };
    expect(grid.rows).toHaveLength(1 + 7);
    // Row 1 starts both runs (1-产出 ×4, 11-数量 ×3); rows 2-3 have neither; row 4 a new 二级
    // only; row 5 starts 2-效益 ×2, so row 6 has a new 二级 only.
    expect(grid.rows.slice(1).map((r) => r.cells.length)).toEqual([5, 3, 3, 4, 5, 4, 5]);
    expect(grid.rows[1]!.cells[0]!.rowspan).toBe(4);
    expect(grid.rows[1]!.cells[1]!.rowspan).toBe(3);
    expect(grid.rows[5]!.cells[0]!.rowspan).toBe(2);
    const title = l.body[0]!;
    expect(title.kind === 'paragraph' && textOf(title.runs)).toBe('产业人才发展专项资金项目支出绩效目标表');
  });
});
