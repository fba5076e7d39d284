/**
 * What a build may touch in out/ (README "What pubtable writes and deletes"): a manifest
 * from anywhere deletes nothing outside pubtable's own printouts, a symbolic link is never
 * written or deleted through, and files that are not pubtable's stay. After each case out/
 * holds exactly what a clean build makes (plus what the user put there), byte for byte,
 * and the folder beside out/ is unchanged.
 */
import { mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline/build.js';
import { MANIFEST_NAME } from '../../src/pipeline/manifest.js';
import { DISTINCT_TSV } from '../fixtures/distinct-publication.js';
import { pubtableInProcess } from '../helpers/cli.js';
import { filesOf, manifestOf, outTree, printout, reference, sandbox, tree, type Sandbox } from '../helpers/out-folder.js';

process.env.PUBTABLE_WORKERS ??= '0';

/** A sandbox whose out/ holds a first build, with files beside out/ that a hostile manifest might name. */
async function built(projects = false): Promise<Sandbox> {
  const s = sandbox();
  await build(s.opts({ projects }));
  writeFileSync(join(s.root, 'important.txt'), 'beside out/');
  writeFileSync(join(s.root, 'x'), 'beside out/ too');
  return s;
}

function editManifest(out: string, edit: (m: { format: string; outputs: Record<string, unknown> }) => unknown): void {
  const path = join(out, MANIFEST_NAME);
  writeFileSync(path, JSON.stringify(edit(JSON.parse(readFileSync(path, 'utf8')) as { format: string; outputs: Record<string, unknown> })));
}

describe('a manifest is untrusted: only pubtable’s own printouts are ever deleted', () => {
  const HOSTILE: [string, (s: Sandbox) => string][] = [
    ['a file beside out/', () => '../important.txt'],
    ['out/ itself', () => '.'],
    ['an absolute path', (s) => join(s.outside, 'important.txt')],
    ['a path that climbs out of projects/', () => 'projects/../../x'],
    ['backslashes', () => 'projects\\..\\..\\x'],
    ['a NUL byte', () => 'projects/01-x\u0000.pdf'],
  ];
  it.each(HOSTILE)('%s: ignored with a located warning, nothing deleted', async (_, key) => {
    const s = await built();
    editManifest(s.out, (m) => ({ ...m, outputs: { ...m.outputs, [key(s)]: m.outputs['distinct.pdf'] } }));
    const beside = tree(s.root);
    const r = await pubtableInProcess(['build', s.input, '--out', s.out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${join(s.out, MANIFEST_NAME)}: 警告 MANIFEST_ENTRY_IGNORED: 输出清单 ${join(s.out, MANIFEST_NAME)} 中有 1 条记录`);
    expect(r.stdout).toContain('所有 3 个文件都是最新的');
    expect(tree(s.root)).toEqual(beside);
  });

  it('an entry naming a user’s own file in projects/: kept, with a warning', async () => {
    const s = await built(true);
    writeFileSync(join(s.out, 'projects', '09-我的笔记.pdf'), 'not a printout');
    editManifest(s.out, (m) => ({ ...m, outputs: { ...m.outputs, 'projects/09-我的笔记.pdf': m.outputs[printout(0, 'pdf')] } }));
    const r = await pubtableInProcess(['build', s.input, '--out', s.out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('警告 STALE_FILE_KEPT: projects/09-我的笔记.pdf 的项目已不存在，但这个文件在 pubtable 写入后被改动过');
    expect(readFileSync(join(s.out, 'projects', '09-我的笔记.pdf'), 'utf8')).toBe('not a printout');
    expect(Object.keys(manifestOf(s.out))).not.toContain('projects/09-我的笔记.pdf');
  });

  const BROKEN: [string, (m: { format: string; outputs: unknown }) => unknown][] = [
    ['outputs an array', (m) => ({ ...m, outputs: [m.outputs] })],
    ['outputs a number', (m) => ({ ...m, outputs: 5 })],
    ['outputs a string', (m) => ({ ...m, outputs: '../important.txt' })],
    ['outputs null', (m) => ({ ...m, outputs: null })],
    ['an unknown format', (m) => ({ ...m, format: 'other/9' })],
    ['an array', (m) => [m]],
  ];
  it.each(BROKEN)('%s: a warning naming the manifest, every file rebuilt, nothing deleted', async (_, edit) => {
    const s = await built(true);
    editManifest(s.out, edit as (m: { format: string; outputs: Record<string, unknown> }) => unknown);
    const r = await pubtableInProcess(['build', s.input, '--out', s.out, '--projects']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${join(s.out, MANIFEST_NAME)}: 警告 MANIFEST_INVALID: 输出清单 ${join(s.out, MANIFEST_NAME)} `);
    expect(r.stdout).toContain('写入 15 个文件，未变 0 个，删除 0 个');
    expect(outTree(s.out)).toEqual(await reference('distinct', true));
    expect(readFileSync(join(s.root, 'important.txt'), 'utf8')).toBe('beside out/');
  });

  it('not JSON at all: the same', async () => {
    const s = await built();
    writeFileSync(join(s.out, MANIFEST_NAME), '{"format": "pubtable-manifest/2", "outputs": {');
    const r = await pubtableInProcess(['build', s.input, '--out', s.out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('警告 MANIFEST_INVALID: ');
    expect(outTree(s.out)).toEqual(await reference('distinct', false));
  });
});

describe('symbolic links in out/ are never written or deleted through', () => {
  it('an output that is a link to an identical copy outside: replaced by a real file', async () => {
    const s = await built();
    const copy = join(s.outside, 'copy.pdf');
    renameSync(join(s.out, 'distinct.pdf'), copy);
    symlinkSync(copy, join(s.out, 'distinct.pdf'));
    const outside = tree(s.outside);
    const r = await build(s.opts());
    expect(r.written).toEqual(['distinct.pdf']);
    expect(outTree(s.out)).toEqual(await reference('distinct', false));
    expect(tree(s.outside)).toEqual(outside);
  });

  it('links planted at the temporary names an earlier pubtable used (`.<name>.<pid>.tmp`): left alone, nothing written through them', async () => {
    const s = sandbox();
    mkdirSync(join(s.out, 'projects'), { recursive: true });
    const names = [...filesOf('distinct', true), MANIFEST_NAME];
    names.forEach((n, i) => {
      writeFileSync(join(s.outside, `victim-${i}`), `victim ${i}`);
      const at = n.includes('/') ? n.replace('/', '/.') : `.${n}`;
      symlinkSync(join(s.outside, `victim-${i}`), join(s.out, `${at}.${process.pid}.tmp`));
    });
    const outside = tree(s.outside);
    const links = Object.fromEntries(Object.entries(tree(s.out)).filter(([, v]) => v.startsWith('link')));
    await build(s.opts({ projects: true }));
    expect(tree(s.outside)).toEqual(outside);
    expect(outTree(s.out)).toEqual({ ...(await reference('distinct', true)), ...links });
  });

  it('out/projects a link to a folder outside: refused (exit 2), nothing written there or in out/', async () => {
    const s = sandbox();
    mkdirSync(s.out);
    mkdirSync(join(s.outside, 'elsewhere'));
    symlinkSync(join(s.outside, 'elsewhere'), join(s.out, 'projects'));
    const [before, outside] = [tree(s.out), tree(s.outside)];
    const r = await pubtableInProcess(['build', s.input, '--out', s.out, '--projects']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${join(s.out, 'projects')}: 错误 OUTPUT_SYMLINK: 是一个指向别处的符号链接`));
    expect(tree(s.out)).toEqual(before);
    expect(tree(s.outside)).toEqual(outside);
  });

  it('stale printouts behind a linked projects/: not deleted through the link', async () => {
    const s = await built(true);
    renameSync(join(s.out, 'projects'), join(s.outside, 'moved'));
    symlinkSync(join(s.outside, 'moved'), join(s.out, 'projects'));
    // Renaming project 4 makes its printouts stale.
    writeFileSync(s.input, DISTINCT_TSV.replace('公共实训基地运营\t', '公共实训基地运营（更正）\t'));
    const outside = tree(s.outside);
    const r = await pubtableInProcess(['build', s.input, '--out', s.out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${join(s.out, 'projects')}: 警告 STALE_NOT_REMOVED: `);
    expect(tree(s.outside)).toEqual(outside);
  });

  it('the manifest a link to a file outside: not read, replaced by a real file', async () => {
    const s = await built();
    writeFileSync(join(s.outside, 'm.json'), readFileSync(join(s.out, MANIFEST_NAME)));
    symlinkSync(join(s.outside, 'm.json'), join(s.out, 'link.json'));
    renameSync(join(s.out, 'link.json'), join(s.out, MANIFEST_NAME));
    const outside = tree(s.outside);
    const r = await pubtableInProcess(['build', s.input, '--out', s.out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('警告 MANIFEST_INVALID: ');
    expect(tree(s.outside)).toEqual(outside);
    expect(outTree(s.out)).toEqual(await reference('distinct', false));
  });
});

describe('files that are not pubtable’s', () => {
  it('a user’s notes, a folder of drafts and dot-files that look like temporary files: kept, byte for byte', async () => {
    const s = sandbox();
    mkdirSync(join(s.out, 'mine'), { recursive: true });
    const own = { 'notes.txt': '笔记', '.notes.123.tmp': 'mine', 'mine/.draft.1.tmp': 'draft', 'mine/a.pdf': '%PDF mine' };
    for (const [p, text] of Object.entries(own)) writeFileSync(join(s.out, p), text);
    const mine = tree(s.out);
    await build(s.opts({ projects: true }));
    await build(s.opts({ projects: true, force: true }));
    expect(outTree(s.out)).toEqual({ ...mine, ...(await reference('distinct', true)) });
  });
});
