/**
 * Merging this writer's PDFs (src/render/pdf/merge.ts), read back with qpdf and poppler:
 * every page of every part in order and unchanged, an outline of the parts with each part's
 * own outline beneath, titles kept even when they look like PDF syntax, bytes reproducible,
 * and a PDF that is not this writer's refused.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LayoutDocument } from '../../../src/layout/types.js';
import { renderPdf } from '../../../src/render/pdf/index.js';
import { mergePdfs, NotOurPdf, type MergePart } from '../../../src/render/pdf/merge.js';
import { mapRefs } from '../../../src/ingest/pdf/objects.js';
import { projectRow, sampleLayout } from '../../fixtures/sample-layout.js';
import { pdfPages } from '../../helpers/read-back.js';

const dir = mkdtempSync(join(tmpdir(), 'pubtable-merge-'));
const META = { title: '全部单位（测试）', author: '财政局', subject: '项目支出绩效目标表', created: new Date('2025-01-01T00:00:00Z') };

/** A sample table with `n` projects, each row bookmarked under one unit. */
function part(name: string, n: number, outlines = true): LayoutDocument {
  const rows = Array.from({ length: n }, (_, i) => projectRow(`${name}项目${i + 1}`, 100 + i, '目标。'.repeat(30), ['1、产出指标；数量指标；人数；实施周期指标值：1人；年度指标值：1人。']));
  const doc = sampleLayout(rows);
  if (!outlines) return doc;
  const body = doc.body.map((b) =>
    b.kind !== 'table'
      ? b
      : {
          ...b,
          rows: b.rows.map((r, i) => {
            const name = r.cells[0]!.runs.map((x) => (x.kind === 'text' ? x.text : '')).join('');
            if (i < b.headerRows) return r;
            const outline = name.includes('项目') ? { level: 2, title: name } : { level: 1, title: `${name}（单位）` };
            return { cells: [{ ...r.cells[0]!, outline }, ...r.cells.slice(1)] };
          }),
        },
  );
  return { ...doc, body };
}

async function merge(parts: MergePart[]): Promise<{ file: string; bytes: Buffer }> {
  const chunks: Uint8Array[] = [];
  await mergePdfs(parts.length, parts, META, async (c) => void chunks.push(c));
  const bytes = Buffer.concat(chunks);
  const file = join(dir, `merged-${Math.random().toString(16).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return { file, bytes };
}

interface Q {
  title: string;
  destpageposfrom1: number;
  kids: Q[];
}

describe('merging PDFs', () => {
  it('keeps every page of every part, in order and as they were, under an outline of the parts', async () => {
    const a = (await renderPdf(part('甲', 12))).bytes;
    const b = (await renderPdf(part('乙', 3))).bytes;
    const c = (await renderPdf(part('丙', 2, false))).bytes;
    const files = [a, b, c].map((bytes, i) => {
      const f = join(dir, `part-${i}.pdf`);
      writeFileSync(f, bytes);
      return f;
    });
    const { file } = await merge([
      { title: '甲局', bytes: a },
      { title: '乙局 (1 0 R) \\ )(', bytes: b },
      { title: '丙局', bytes: c },
    ]);
    expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors');
    const own = files.map(pdfPages);
    expect(pdfPages(file)).toEqual(own.flat());

    const { outlines } = JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', file], { encoding: 'utf8' })) as { outlines: Q[] };
    expect(outlines.map((o) => o.title)).toEqual(['甲局', '乙局 (1 0 R) \\ )(', '丙局']);
    expect(outlines.map((o) => o.destpageposfrom1)).toEqual([1, own[0]!.length + 1, own[0]!.length + own[1]!.length + 1]);
    const ownOutline = (f: string) => (JSON.parse(execFileSync('qpdf', ['--json', '--json-key=outlines', f], { encoding: 'utf8' })) as { outlines: Q[] }).outlines;
    const shape = (q: Q, offset: number): unknown => ({ title: q.title, page: q.destpageposfrom1 + offset, kids: q.kids.map((k) => shape(k, offset)) });
    expect(outlines[0]!.kids.map((k) => shape(k, 0))).toEqual(ownOutline(files[0]!).map((k) => shape(k, 0)));
    expect(outlines[1]!.kids.map((k) => shape(k, 0))).toEqual(ownOutline(files[1]!).map((k) => shape(k, own[0]!.length)));
    expect(outlines[2]!.kids).toEqual([]);
    // The catalog opens the outline panel; the parts' entries start closed, counting what opening shows.
    const catalog = execFileSync('qpdf', ['--show-object=1', file], { encoding: 'utf8' });
    expect(catalog).toContain('/PageMode /UseOutlines');
    const shown = (ownOutline(files[0]!) as (Q & { open: boolean })[]).reduce((n, q) => n + 1 + (q.open ? q.kids.length : 0), 0);
    expect(shown).toBeGreaterThan(12);
    expect(execFileSync('qpdf', ['--show-object=5', file], { encoding: 'utf8' })).toContain(`/Count -${shown} `);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/Title:\s+全部单位（测试）/);
  }, 60_000);

  it('gives the same bytes every time', async () => {
    const parts = [{ title: '甲局', bytes: (await renderPdf(part('甲', 2))).bytes }];
    expect((await merge(parts)).bytes.equals((await merge(parts)).bytes)).toBe(true);
  });

  it('refuses a PDF that is not this writer\'s, naming the part', async () => {
    const ours = (await renderPdf(part('甲', 2))).bytes;
    const f = join(dir, 'ours.pdf');
    writeFileSync(f, ours);
    execFileSync('qpdf', ['--object-streams=generate', f, join(dir, 'theirs.pdf')]);
    const theirs = execFileSync('cat', [join(dir, 'theirs.pdf')]);
    await expect(merge([{ title: '乙局', bytes: theirs }])).rejects.toThrow(NotOurPdf);
    await expect(merge([{ title: '乙局', bytes: theirs }])).rejects.toThrow('“乙局”的 PDF 无法合并');
    await expect(merge([{ title: '丙局', bytes: Buffer.from('not a pdf') }])).rejects.toThrow('没有 startxref');
  });

  it('renumbers references, never text inside strings', () => {
    expect(mapRefs('<< /A 3 0 R /T (see 3 0 R \\) 3 0 R) /H <3 0 R> /K [3 0 R 4 0 R] >>', (n) => n + 10)).toBe(
      '<< /A 13 0 R /T (see 3 0 R \\) 3 0 R) /H <3 0 R> /K [13 0 R 14 0 R] >>',
    );
  });
});
