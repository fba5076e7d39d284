/**
 * Writing a correction back into a text export (src/ingest/text-export/patch.ts, through
 * src/ingest/rewrite.ts, which reads each candidate back): only the corrected cells
 * change, in place, keeping the cell's own markup and punctuation; the encoding, BOM and
 * line endings stay; anything that is more than a field correction is not patched (null
 * here): the records are saved beside the file instead.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { rewriteFor } from '../../src/ingest/rewrite.js';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import { parseAmount, type Amount } from '../../src/model/amount.js';
import type { Publication } from '../../src/model/types.js';
import { exampleText } from '../helpers/example.js';

const read = (bytes: Uint8Array) => readTextExport(bytes, 'x.txt').publication;
const project = (p: Publication, name: string) => p.units[0]!.projects.find((x) => x.name === name)!;
const amount = (s: string) => parseAmount(s) as Amount;

/** The lines of `after` that differ from `before`, as [before, after] pairs. */
function changedLines(before: string, after: string): [string, string][] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b).toHaveLength(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]!] as [string, string]]));
}

/** The patched bytes, or null when the correction went beside the file instead. */
async function corrected(bytes: Uint8Array, edit: (p: Publication) => void): Promise<Uint8Array | null> {
  const before = read(bytes);
  const after = structuredClone(before);
  edit(after);
  const rewrite = await rewriteFor('x.txt', bytes, before, after);
  return rewrite.beside ? null : rewrite.bytes;
}

describe('patching a text export', () => {
  const utf8 = Buffer.from(exampleText());

  it('an indicator value is replaced where it stands, keeping <p>, full-width colons and the other indicators', async () => {
    const out = (await corrected(utf8, (p) => (project(p, '法律顾问服务费').indicators[1]!.annualValue = '办结率99%')))!;
    const [before, after] = changedLines(exampleText(), Buffer.from(out).toString('utf8'))[0]!;
    expect(after).toBe(before!.replace('年度指标值：办结率100%。3、', '年度指标值：办结率99%。3、'));
  });

  it('a project name, a goal and an amount that was blank, each in its own cell', async () => {
    const out = (await corrected(utf8, (p) => {
      const x = project(p, '工伤认定工作经费');
      x.name = '工伤认定工作专项经费';
      x.goal = x.goal.replace('优化', '持续优化');
      x.amounts.other = amount('1234.5');
      x.amounts.total = amount('1240.35');
    }))!;
    const [before, after] = changedLines(exampleText(), Buffer.from(out).toString('utf8'))[0]!;
    const b = before!.split('\t');
    const a = after!.split('\t');
    expect(a[0]).toBe('工伤认定工作专项经费');
    expect(a.slice(1, 5)).toEqual(['1,240.35', b[2], b[3], '1,234.50']);
    expect(a[5]).toBe(b[5]!.replace('优化', '持续优化'));
    expect(a[6]).toBe(b[6]);
  });

  it('UTF-16LE with BOM and CRLF stays UTF-16LE with BOM and CRLF', async () => {
    const text = exampleText().replace(/\n/g, '\r\n');
    const bytes = iconv.encode(text, 'utf-16le', { addBOM: true });
    const out = (await corrected(bytes, (p) => (project(p, '法律顾问服务费').goal = project(p, '法律顾问服务费').goal.replace('常年', '全年'))))!;
    expect([out[0], out[1]]).toEqual([0xff, 0xfe]);
    expect(iconv.decode(Buffer.from(out), 'utf-16le')).toBe(text.replace('通过提供常年', '通过提供全年'));
  });

  it('a change of shape, or of a line above the table, is not a patch', async () => {
    expect(await corrected(utf8, (p) => p.units[0]!.projects.pop())).toBeNull();
    expect(await corrected(utf8, (p) => project(p, '购置经费').indicators.pop())).toBeNull();
    expect(await corrected(utf8, (p) => (p.title = '另一个标题'))).toBeNull();
    expect(await corrected(utf8, (p) => p.notes.push('注：新增的说明'))).toBeNull();
  });

  it('no change is the same bytes', async () => {
    expect(Buffer.from((await corrected(utf8, () => {}))!).equals(utf8)).toBe(true);
  });
});
