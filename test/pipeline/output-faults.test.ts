/**
 * Faults of the output side are the user's to fix, not bugs: a read-only folder, an --out
 * that is a file, a name longer than the file system allows, a folder where a file goes.
 * Each ends with exit 2 and one Chinese line naming the path (never exit 3 or a stack
 * trace), and leaves the folders as they were. (A full disk and a file-size limit are
 * pinned in incremental.test.ts, "a write that fails half-way".)
 */
import { chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline/build.js';
import { DISTINCT_TSV, writeDistinct } from '../fixtures/distinct-publication.js';
import { CLI, pubtableInProcess, pubtableWith, ROOT, type Run } from '../helpers/cli.js';
import { sandbox, tree } from '../helpers/out-folder.js';

process.env.PUBTABLE_WORKERS ??= '0';

const STACK = /\n\s+at |\.ts:\d+:\d+|\.js:\d+:\d+/;
const NOBODY = 65534;
const DISK_FULL = fileURLToPath(new URL('../fixtures/disk-full.mjs', import.meta.url));
const asRoot = process.getuid?.() === 0;

/** Exactly one line on stderr, `<path>: 错误 <CODE>: <中文>`, exit 2. */
function expectOutputFault(r: Run, path: string, code: string): void {
  expect(r.stderr, r.stderr).not.toMatch(STACK);
  expect(r.status, r.stderr).toBe(2);
  const lines = r.stderr.trimEnd().split('\n').filter((l) => !/: 警告 |^\[\d+\/\d+\] 写入 /.test(l));
  expect(lines, r.stderr).toEqual([expect.stringMatching(new RegExp(`^${escape(path)}: 错误 ${code}: [\\u4e00-\\u9fff]`))]);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The CLI as a user without write permission would run it: the tests run as root, whom no
 * permission stops, so as nobody (everything the child reads is world-readable).
 */
function pubtableAsNobody(args: string[]): Run {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PUBTABLE_WORKERS: '0' },
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

// Under StrykerJS the compiled CLI sits in a sandbox only its owner can read (mkdtemp), so
// nobody cannot start it; these run in `npm test`.
describe.skipIf(process.env.PUBTABLE_MUTATION === '1')('a folder the user may not write', () => {
  it('out/ read-only: exit 2 naming out/, nothing changed', async () => {
    const s = sandbox();
    await build(s.opts());
    writeFileSync(s.input, DISTINCT_TSV.replace('按时足额发放就业补贴', '按时足额发放2025年就业补贴'));
    const before = tree(s.root);
    const r = pubtableAsNobody(['build', s.input, '--out', s.out, '--projects']);
    expectOutputFault(r, s.out, 'OUTPUT_NOT_WRITABLE');
    expect(tree(s.root)).toEqual(before);
  });

  it('out/ writable but out/projects not: refused before anything is written', async () => {
    const s = sandbox();
    await build(s.opts({ projects: true }));
    writeFileSync(s.input, DISTINCT_TSV.replace('按时足额发放就业补贴', '按时足额发放2025年就业补贴'));
    if (asRoot) chownSync(s.out, NOBODY, NOBODY);
    const before = tree(s.root);
    const r = pubtableAsNobody(['build', s.input, '--out', s.out, '--projects']);
    expectOutputFault(r, `${s.out}/projects`, 'OUTPUT_NOT_WRITABLE');
    expect(tree(s.root)).toEqual(before);
  });
});

describe('a full disk', () => {
  it('while writing the second project’s printout: exit 2 naming it, out/ exactly as it was', async () => {
    const s = sandbox();
    await build(s.opts());
    writeFileSync(s.input, DISTINCT_TSV.replaceAll('就业', '创业'));
    const before = tree(s.root);
    const r = pubtableWith(['--import', DISK_FULL], ['build', s.input, '--out', s.out, '--projects']);
    expectOutputFault(r, join(s.out, 'projects', '02-职业培训经费.pdf'), 'DISK_FULL');
    expect(tree(s.root)).toEqual(before);
  });
});

describe('a path that cannot be what it is asked to be', () => {
  it('--out naming a file', async () => {
    const s = sandbox();
    writeFileSync(s.out, 'a file, not a folder');
    const r = await pubtableInProcess(['build', s.input, '--out', s.out]);
    expectOutputFault(r, s.out, 'OUTPUT_NOT_A_FOLDER');
    expect(readFileSync(s.out, 'utf8')).toBe('a file, not a folder');
  });

  it('folders where two printouts go: exit 2 naming the first in order, nothing written', async () => {
    const s = sandbox();
    // Both checked at once; the one a build meets first is named.
    mkdirSync(join(s.out, 'projects', '02-职业培训经费.xlsx'), { recursive: true });
    mkdirSync(join(s.out, 'projects', '02-职业培训经费.docx'));
    const before = tree(s.root);
    const r = await pubtableInProcess(['build', s.input, '--out', s.out, '--projects']);
    expectOutputFault(r, join(s.out, 'projects', '02-职业培训经费.docx'), 'OUTPUT_IS_A_FOLDER');
    expect(tree(s.root)).toEqual(before);
  });

  it('diff --out naming a folder', async () => {
    const s = sandbox();
    mkdirSync(join(s.root, '更正说明.pdf'));
    const before = tree(s.root);
    const r = await pubtableInProcess(['diff', s.input, s.input, '--out', join(s.root, '更正说明.pdf')]);
    expectOutputFault(r, join(s.root, '更正说明.pdf'), 'OUTPUT_IS_A_FOLDER');
    expect(tree(s.root)).toEqual(before);
  });

  it('convert --out naming a folder', async () => {
    const s = sandbox();
    mkdirSync(join(s.root, 'x.json'));
    const r = await pubtableInProcess(['convert', s.input, '--to', 'json', '--out', join(s.root, 'x.json')]);
    expectOutputFault(r, join(s.root, 'x.json'), 'OUTPUT_IS_A_FOLDER');
  });

  it('templates onto an existing file', async () => {
    const s = sandbox();
    const file = join(s.root, 'my-templates');
    writeFileSync(file, 'mine');
    const before = tree(s.root);
    const r = await pubtableInProcess(['templates', file]);
    expectOutputFault(r, file, 'OUTPUT_NOT_A_FOLDER');
    expect(tree(s.root)).toEqual(before);
  });
});

describe('an input name so long that an output name exceeds 255 bytes', () => {
  // 80 Chinese characters: 240 bytes; `<name>.txt` fits, `<name>-项目表合订.pdf` (260 bytes) does not.
  const long = '番禺区人力资源和社会保障局'.repeat(7).slice(0, 80);

  it('the publication files still fit (temporary names are short): written', async () => {
    const s = sandbox();
    const input = writeDistinct(s.root, `${long}.txt`);
    const r = await pubtableInProcess(['build', input, '--out', s.out]);
    expect(r.status, r.stderr).toBe(0);
    expect(Object.keys(tree(s.out))).toContain(`${long}.docx`);
  });

  it('the combined PDF does not: exit 2 naming it, before anything is written', async () => {
    const s = sandbox();
    const input = writeDistinct(s.root, `${long}.txt`);
    const r = await pubtableInProcess(['build', input, '--out', s.out, '--combined']);
    expectOutputFault(r, join(s.out, `${long}-项目表合订.pdf`), 'NAME_TOO_LONG');
    expect(tree(s.root)).not.toHaveProperty('out');
  });
});
