/**
 * A build answers for its own publication's files only, and a build that fails changes
 * nothing: two publications share out/ without deleting each other's files, neither takes
 * over a file the other wrote, and a template error at a later project leaves out/ byte for
 * byte (and modification time for time) as it was.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/pipeline/build.js';
import { DISTINCT_TSV, writeDistinct } from '../fixtures/distinct-publication.js';
import { pubtableInProcess } from '../helpers/cli.js';
import { brokenAtProject2, filesOf, manifestOf, outTree, reference, sandbox, tree, type Tree } from '../helpers/out-folder.js';

process.env.PUBTABLE_WORKERS ??= '0';

/** 2025's records: the same projects with a corrected goal, so that every file differs from 2024's. */
const TSV_2025 = DISTINCT_TSV.replace('按时足额发放就业补贴', '按时足额发放2025年就业补贴');

/** Every file's modification time under `dir`, to show that a build touched none. */
function times(dir: string, t: Tree): Record<string, number> {
  return Object.fromEntries(Object.keys(t).map((p) => [p, statSync(join(dir, p)).mtimeMs]));
}

describe('two publications in one out/', () => {
  it('building 2025 leaves 2024’s files and the user’s own alone', async () => {
    const s = sandbox('2024');
    await build(s.opts({ projects: true }));
    writeFileSync(join(s.out, 'notes.txt'), '给审核人的说明');
    const before = tree(s.out, { manifest: false });
    const y2025 = writeDistinct(s.root, '2025.txt', TSV_2025);

    const r = await build({ ...s.opts(), input: y2025 });
    expect(r.written.sort()).toEqual(filesOf('2025', false).sort());
    expect(r.removed).toEqual([]);
    const after = tree(s.out, { manifest: false });
    for (const [p, v] of Object.entries(before)) expect(after[p], p).toBe(v);
    const owners = manifestOf(s.out);
    expect(owners['2024.pdf']!.publication).toBe('2024');
    expect(owners['2025.pdf']!.publication).toBe('2025');
    expect(owners['projects/01-就业补贴项目.pdf']!.publication).toBe('2024');
  });

  it('printouts another publication wrote are not taken over: exit 2 naming the file, nothing changed', async () => {
    const s = sandbox('2024');
    await build(s.opts({ projects: true }));
    const y2025 = writeDistinct(s.root, '2025.txt', TSV_2025);
    const before = tree(s.out);
    const stamps = times(s.out, before);

    const r = await pubtableInProcess(['build', y2025, '--out', s.out, '--projects']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^\S+\/out\/projects\/0\d-\S+: 错误 OUTPUT_OWNED_BY_OTHER: 这个文件是“2024”生成的，“2025”不会覆盖它/);
    expect(tree(s.out)).toEqual(before);
    expect(times(s.out, before)).toEqual(stamps);

    // Once 2024's printouts are moved away, 2025 writes its own.
    rmSync(join(s.out, 'projects'), { recursive: true });
    const again = await pubtableInProcess(['build', y2025, '--out', s.out, '--projects']);
    expect(again.status, again.stderr).toBe(0);
    expect(manifestOf(s.out)['projects/01-就业补贴项目.pdf']!.publication).toBe('2025');
    expect(manifestOf(s.out)['2024.pdf']!.publication).toBe('2024');
  });

  it('the same publication read from another file of that name replaces its own files', async () => {
    const s = sandbox('2025');
    await build(s.opts({ projects: true }));
    mkdirSync(join(s.root, 'corrected'));
    const corrected = writeDistinct(join(s.root, 'corrected'), '2025.txt', TSV_2025);
    const r = await build({ ...s.opts({ projects: true }), input: corrected });
    expect(r.written).toHaveLength(6);
  });
});

describe('a build that fails after reading changes nothing in out/', () => {
  it('a template error at the second project: no file written, no stale printout removed, manifest as it was', async () => {
    const s = sandbox();
    await build(s.opts({ projects: true }));
    // The corrected input changes every publication file, and renames project 4 (its printouts become stale).
    writeFileSync(s.input, TSV_2025.replace('公共实训基地运营\t', '公共实训基地运营（更正）\t'));
    const templates = brokenAtProject2(s.root);
    const before = tree(s.out);
    const stamps = times(s.out, before);

    const r = await pubtableInProcess(['build', s.input, '--out', s.out, '--projects', '--templates', templates]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('错误 TEMPLATE_ERROR');
    expect(r.stderr).toContain('写入 projects/01-'); // files were made before the error…
    expect(tree(s.out)).toEqual(before); // …and none of them reached out/
    expect(times(s.out, before)).toEqual(stamps);
  });

  it('a failed first build leaves no out/ behind', async () => {
    const s = sandbox();
    const r = await pubtableInProcess(['build', s.input, '--out', join(s.out, 'a', 'b'), '--projects', '--templates', brokenAtProject2(s.root)]);
    expect(r.status, r.stderr).toBe(2);
    expect(tree(s.root)).not.toHaveProperty('out');
  });
});

describe('--formats naming a format twice', () => {
  it('makes each file once', async () => {
    const s = sandbox();
    const r = await build(s.opts({ formats: ['pdf', 'pdf', 'xlsx', 'pdf'] }));
    expect(r.written.sort()).toEqual(['distinct.pdf', 'distinct.xlsx']);
    const cli = await pubtableInProcess(['build', s.input, '--out', s.out, '--formats', 'pdf,pdf,docx', '--force']);
    expect(cli.stdout).toContain('写入 2 个文件');
    const ref = await reference('distinct', false);
    expect(outTree(s.out)).toEqual(ref);
  });
});
