/**
 * The records store, in process: the workbench's tests drive it over HTTP; these pin its
 * rules one by one — what each kept version is called, which version a 更正说明 compares
 * with, that a stale or faulty save changes nothing, and that restoring gives the bytes back.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAmounts, parseAmount } from '../../src/model/amount.js';
import type { Publication } from '../../src/model/types.js';
import { RecordsHaveErrors, RecordsStore, StaleVersion, VersionNotKept } from '../../src/pipeline/records-store.js';
import { DISTINCT_TSV, writeDistinct } from '../fixtures/distinct-publication.js';

let dir: string;
let input: string;
let store: RecordsStore;
let now: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pubtable-store-'));
  input = writeDistinct(dir);
  now = Date.UTC(2025, 0, 1);
  // Each reading of the clock a minute later than the last: versions sort by their times.
  store = new RecordsStore(input, () => new Date((now += 60_000)));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The records on disk with `change` applied to a copy. */
async function edited(change: (p: Publication) => void): Promise<{ base: string; after: Publication }> {
  const cur = await store.current();
  const after = structuredClone(cur.publication);
  change(after);
  return { base: cur.version, after };
}

const goal = (p: Publication, i: number, text: string) => {
  p.units.flatMap((u) => u.projects)[i]!.goal = text;
};

describe('the records store', () => {
  it('before any save, lists the file on disk as not saved yet and keeps nothing', async () => {
    const cur = await store.current();
    expect(await store.versions()).toEqual([
      { version: cur.version, savedAt: '', publishedAt: null, summary: '当前文件（尚未保存过）', file: 'distinct.txt', current: true, baseline: false },
    ]);
    expect(await store.baseline()).toBeNull();
    // Saving the same records is no new version: nothing is written, nothing kept.
    expect(await store.save(cur.version, cur.publication)).toEqual({ version: cur.version, file: input, beside: false });
    expect(await store.history.list()).toEqual([]);
    expect(readFileSync(input, 'utf8')).toBe(DISTINCT_TSV);
  });

  it('a save keeps the original first, then the new version with what it changed; the first kept is the baseline', async () => {
    const original = (await store.current()).version;
    const { base, after } = await edited((p) => goal(p, 0, '按时发放就业补贴。'));
    const saved = await store.save(base, after);
    expect(saved).toEqual({ version: expect.stringMatching(/^[0-9a-f]{16}$/), file: input, beside: false });
    const versions = await store.versions();
    expect(versions.map((v) => [v.version, v.summary, v.current, v.baseline])).toEqual([
      [original, '原始版本', false, true],
      [saved.version, '1 处更正：就业补贴项目 绩效目标', true, false],
    ]);
    expect((await store.baseline())!.version).toBe(original);
    expect((await store.recordsAt(original))!.units[0]!.projects[0]!.goal).toBe('按时足额发放就业补贴，稳定重点群体就业。');
    expect((await store.recordsAt(saved.version))!.units[0]!.projects[0]!.goal).toBe('按时发放就业补贴。');
    expect(await store.recordsAt('0'.repeat(16))).toBeNull();
  });

  it('names the first three changes and marks that there are more', async () => {
    const { base, after } = await edited((p) => {
      for (let i = 0; i < 4; i++) goal(p, i, `目标${i}`);
    });
    const saved = await store.save(base, after);
    const kept = (await store.versions()).find((v) => v.version === saved.version)!;
    expect(kept.summary).toBe('4 处更正：就业补贴项目 绩效目标；职业培训经费 绩效目标；技能鉴定补助 绩效目标……');
  });

  it('a version changed outside the workbench is kept as such before the next save', async () => {
    const first = await edited((p) => goal(p, 0, '一'));
    await store.save(first.base, first.after);
    writeFileSync(input, readFileSync(input, 'utf8').replace('完成年度职业技能鉴定任务。', '完成职业技能鉴定任务。'));
    const second = await edited((p) => goal(p, 1, '二'));
    await store.save(second.base, second.after);
    expect((await store.versions()).map((v) => v.summary)).toEqual(['原始版本', '1 处更正：就业补贴项目 绩效目标', '在工作台外修改的版本', '1 处更正：职业培训经费 绩效目标']);
  });

  it('refuses a save made from an older version, or with errors, and changes nothing', async () => {
    const { base, after } = await edited((p) => goal(p, 0, '一'));
    await store.save(base, after);
    const bytes = readFileSync(input);
    const kept = readdirSync(store.history.folder).length;
    const stale = await store.save(base, after).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(StaleVersion);
    expect((stale as StaleVersion).current).toBe((await store.current()).version);

    const cur = await store.current();
    const wrong = structuredClone(cur.publication);
    const project = wrong.units[0]!.projects[0]!;
    project.amounts.total = addAmounts(project.amounts.total, parseAmount('1.00')!);
    const bad = await store.save(cur.version, wrong).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(RecordsHaveErrors);
    expect((bad as RecordsHaveErrors).diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['AMOUNT_SUM_MISMATCH', 'error'],
      ['TOTAL_MISMATCH', 'error'],
    ]);

    const unreadable = await store.saveCanonical(cur.version, '{"format":').catch((e: unknown) => e);
    expect(unreadable).toBeInstanceOf(RecordsHaveErrors);
    expect((unreadable as RecordsHaveErrors).diagnostics).toEqual([expect.objectContaining({ severity: 'error', source: expect.objectContaining({ file: 'distinct.txt' }) })]);
    expect(readFileSync(input)).toEqual(bytes);
    expect(readdirSync(store.history.folder).length).toBe(kept);
  });

  it('restores a kept version byte for byte, keeping the one on disk first; refuses an unknown or stale one', async () => {
    const original = (await store.current()).version;
    const { base, after } = await edited((p) => goal(p, 0, '一'));
    const saved = await store.save(base, after);
    await expect(store.restore('0'.repeat(16))).rejects.toBeInstanceOf(VersionNotKept);
    await expect(store.restore(original, base)).rejects.toBeInstanceOf(StaleVersion);
    expect(await store.restore(original, saved.version)).toEqual({ version: original, file: input, beside: false });
    expect(readFileSync(input, 'utf8')).toBe(DISTINCT_TSV);
    expect((await store.versions()).map((v) => [v.version, v.current])).toEqual([
      [original, true],
      [saved.version, false],
    ]);
  });

  it('after 发布 the baseline is the version published last', async () => {
    const original = await store.current();
    const one = await edited((p) => goal(p, 0, '一'));
    const v1 = await store.save(one.base, one.after);
    await store.markPublished(await store.current());
    const two = await edited((p) => goal(p, 0, '二'));
    await store.save(two.base, two.after);
    expect((await store.baseline())!.version).toBe(v1.version);
    await store.restore(original.version);
    await store.markPublished(await store.current());
    expect((await store.baseline())!.version).toBe(original.version);
    expect((await store.versions()).filter((v) => v.baseline).map((v) => v.version)).toEqual([original.version]);
  });
});
