/**
 * Beyond one machine: shards 1/3, 2/3 and 3/3 build every department exactly once, and
 * `pubtable index` then makes the same package, byte for byte, as one run. Also the
 * refusals around them: two files for one department, an index of nothing, a damaged record.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inShard, parseShard, shardFromEnv, shardKey } from '../../src/bureau/shard.js';
import { pubtableInProcess } from '../helpers/cli.js';
import { tree } from '../helpers/out-folder.js';
import { BAD, EDU, PANYU, writeDepartments } from '../fixtures/departments.js';
import { DEPARTMENT, DISTINCT_TSV } from '../fixtures/distinct-publication.js';

process.env.PUBTABLE_WORKERS ??= '0';

const fresh = () => mkdtempSync(join(tmpdir(), 'pubtable-shards-'));
const FORMATS = ['--formats', 'pdf,xlsx'];

describe('shards', () => {
  it('together build every department once, and index gives the package one run gives', async () => {
    const root = fresh();
    const inputs = writeDepartments(join(root, 'in'));
    const whole = join(root, 'whole');
    expect((await pubtableInProcess(['build', inputs, '--out', whole, ...FORMATS])).status).toBe(1);

    const parts = join(root, 'parts');
    const built: string[] = [];
    for (const i of [1, 2, 3]) {
      const r = await pubtableInProcess(['build', inputs, '--out', parts, ...FORMATS, '--shard', `${i}/3`]);
      expect(r.stdout).toContain(`分片 ${i}/3`);
      built.push(...[...r.stderr.matchAll(/^[✓✗] (.+?) → /gm)].map((m) => m[1]!));
      // A shard writes no package: it cannot know the others' departments.
      expect(readdirSync(parts).filter((f) => !f.startsWith('.') && f.includes('.'))).toEqual([]);
    }
    expect(built.sort()).toEqual([DEPARTMENT, EDU, PANYU, BAD].sort());
    const index = await pubtableInProcess(['index', parts]);
    expect(index.status).toBe(1); // a department was not built
    expect(index.stdout).toContain('单位 4 个（未生成 1 个）；汇总：写入 6 个文件');
    expect(tree(parts, { manifest: false })).toEqual(tree(whole, { manifest: false }));
  }, 300_000);

  it('are placed by department and year, not by file name', () => {
    const shard = parseShard('2/7');
    const key = shardKey({ name: EDU, year: 2024 }, 'edu-2024.txt');
    expect(shardKey({ name: EDU, year: 2024 }, 'renamed.txt')).toBe(key);
    expect([1, 2, 3, 4, 5, 6, 7].filter((i) => inShard(key, { index: i, count: 7 }))).toHaveLength(1);
    expect(inShard(key, null)).toBe(true);
    expect(shard).toEqual({ index: 2, count: 7 });
    // Hashes spread: 200 departments fall in every one of 4 shards.
    const counts = [1, 2, 3, 4].map((i) => Array.from({ length: 200 }, (_, n) => shardKey({ name: `单位${n}`, year: 2025 }, '')).filter((k) => inShard(k, { index: i, count: 4 })).length);
    expect(counts.every((c) => c > 30)).toBe(true);
    expect(counts.reduce((a, b) => a + b)).toBe(200);
  });

  it('from a Kubernetes Indexed Job: JOB_COMPLETION_INDEX is 0-based', () => {
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '0', PUBTABLE_SHARD_COUNT: '3' })).toEqual({ index: 1, count: 3 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '2', PUBTABLE_SHARD_COUNT: '3' })).toEqual({ index: 3, count: 3 });
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '3', PUBTABLE_SHARD_COUNT: '3' })).toThrow('--shard“4/3”无效');
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '0' })).toThrow('PUBTABLE_SHARD_COUNT');
  });

  it('a wrong --shard is a usage error', async () => {
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1']) {
      const r = await pubtableInProcess(['build', fresh(), '--shard', bad]);
      expect(r.status, bad).toBe(2);
      expect(r.stderr).toContain(`用法错误 USAGE: --shard“${bad}”无效`);
    }
  });
});

describe('a bureau run refuses', () => {
  it('two files for the same department and year, naming both, and builds neither', async () => {
    const root = fresh();
    const inputs = writeDepartments(join(root, 'in'), { 'hr-copy.txt': DISTINCT_TSV });
    const out = join(root, 'out');
    const r = await pubtableInProcess(['build', inputs, '--out', out, '--formats', 'xlsx']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('单位 5 个：已生成 2 个，未生成 3 个');
    for (const [file, other] of [['hr-2025.txt', 'hr-copy.txt'], ['hr-copy.txt', 'hr-2025.txt']]) {
      expect(r.stderr).toContain(`${join(inputs, file!)}: 错误 DUPLICATE_DEPARTMENT: “${DEPARTMENT}”2025年度的表还有另一个输入文件：${other}；两个都未生成`);
    }
    // Each gets its own folder (with the year), and no outputs.
    expect(readdirSync(out).filter((f) => f.startsWith(DEPARTMENT)).sort()).toEqual([`${DEPARTMENT}（2025）`, `${DEPARTMENT}（2025）-2`]);
    expect(readdirSync(join(out, `${DEPARTMENT}（2025）`))).toEqual(['.pubtable-department.json']);
  }, 120_000);

  it('to index a folder with no departments, or a damaged record, naming it', async () => {
    const empty = fresh();
    const none = await pubtableInProcess(['index', empty]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('错误 NO_DEPARTMENTS');

    const root = fresh();
    const out = join(root, 'out');
    await pubtableInProcess(['build', writeDepartments(join(root, 'in')), '--out', out, '--formats', 'xlsx']);
    const record = join(out, EDU, '.pubtable-department.json');
    writeFileSync(record, readFileSync(record, 'utf8').slice(0, 100));
    const damaged = await pubtableInProcess(['index', out]);
    expect(damaged.status).toBe(2);
    expect(damaged.stderr).toBe(`${record}: 错误 RECORD_DAMAGED: 单位记录文件不是有效的 JSON（文件已损坏？请重新生成这个单位）\n`);
    writeFileSync(record, JSON.stringify({ format: 'pubtable-department/1', folder: 'elsewhere' }));
    expect((await pubtableInProcess(['index', out])).stderr).toContain('RECORD_DAMAGED: 单位记录文件的格式不对');
  }, 120_000);

  it('--project with many departments', async () => {
    const r = await pubtableInProcess(['build', writeDepartments(join(fresh(), 'in')), '--project', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--project 只能用于一个单位的表');
  });
});
