/**
 * Incremental builds (README "Regenerating after corrections"): each build rewrites exactly
 * the outputs whose inputs changed or whose file is missing or altered, no more and no
 * less, and a write that fails half-way leaves out/ exactly as it was.
 *
 * Every test makes its own output folder from the small distinct publication (2 units,
 * 4 projects: 3 publication files + 12 printouts), so each can run alone. Builds run
 * in-process where they can, so that mutation testing sees the code; the write-failure
 * test needs a process of its own (a file-size limit) and runs the compiled CLI.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, type BuildOptions, type BuildResult } from '../../src/pipeline/build.js';
import { MANIFEST_NAME } from '../../src/pipeline/manifest.js';
import { DEFAULT_TEMPLATES } from '../../src/template/report.js';
import { DISTINCT_PROJECTS, DISTINCT_TSV, rowNamed, writeDistinct } from '../fixtures/distinct-publication.js';
import { CLI, ROOT } from '../helpers/cli.js';
import { docxText, loadWorkbook, pdfText, xlsxRows } from '../helpers/read-back.js';

// Render in this thread: for 15 small files, starting worker threads costs more than it
// saves, and mutation testing only sees code that runs here. The CLI child inherits it.
process.env.PUBTABLE_WORKERS ??= '0';

const FORMATS = ['pdf', 'docx', 'xlsx'] as const;
const PUBLICATION = FORMATS.map((f) => `distinct.${f}`);
const PRINTOUTS = DISTINCT_PROJECTS.flatMap((p, i) => FORMATS.map((f) => `projects/${String(i + 1).padStart(2, '0')}-${p.name}.${f}`));
const ALL = [...PUBLICATION, ...PRINTOUTS];
const printoutsOf = (n: number) => PRINTOUTS.filter((p) => p.startsWith(`projects/${String(n).padStart(2, '0')}-`));

/** A corrected goal of project 01 (longer, so the new files are no smaller than the old). */
const GOAL = rowNamed('就业补贴项目').goal;
const CORRECTED_GOAL = '按时足额发放就业补贴，稳定高校毕业生等重点群体就业。';
const CORRECTED_TSV = DISTINCT_TSV.replace(GOAL, CORRECTED_GOAL);

interface Folder {
  input: string;
  out: string;
  templates: string;
  opts: (over?: Partial<BuildOptions>) => BuildOptions;
}

/** A fresh folder with the input, a copy of the default templates (as `pubtable templates` makes) and out/. */
function folder(): Folder {
  const dir = mkdtempSync(join(tmpdir(), 'pubtable-incr-'));
  const input = writeDistinct(dir);
  const templates = join(dir, 'templates');
  cpSync(DEFAULT_TEMPLATES, templates, { recursive: true });
  const out = join(dir, 'out');
  const opts = (over: Partial<BuildOptions> = {}): BuildOptions => ({
    input,
    outDir: out,
    formats: [...FORMATS],
    templatesDir: templates,
    projects: true,
    ...over,
  });
  return { input, out, templates, opts };
}

/** A folder whose out/ holds a complete first build. */
async function built(): Promise<Folder> {
  const f = folder();
  const first = await build(f.opts());
  expect(sorted(first.written)).toEqual(sorted(ALL));
  return f;
}

interface Snapshot {
  bytes: Buffer;
  mtimeMs: number;
}

function snapshot(out: string): Map<string, Snapshot> {
  return new Map(ALL.map((p) => [p, { bytes: readFileSync(join(out, p)), mtimeMs: statSync(join(out, p)).mtimeMs }]));
}

function sorted(xs: readonly string[]): string[] {
  return [...xs].sort();
}

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/**
 * The build rewrote exactly `expected`: the result says so, and on disk every other output
 * kept its bytes and its modification time while each rewritten one got a new time.
 */
function expectRewrote(r: BuildResult, out: string, before: Map<string, Snapshot>, expected: readonly string[]): void {
  expect(sorted(r.written)).toEqual(sorted(expected));
  expect(sorted(r.unchanged)).toEqual(sorted(ALL.filter((p) => !expected.includes(p))));
  const after = snapshot(out);
  for (const p of ALL) {
    const [old, now] = [before.get(p)!, after.get(p)!];
    if (expected.includes(p)) expect(now.mtimeMs, `${p} rewritten`).not.toBe(old.mtimeMs);
    else {
      expect(now.mtimeMs, `${p} untouched`).toBe(old.mtimeMs);
      expect(now.bytes.equals(old.bytes), `${p} keeps its bytes`).toBe(true);
    }
  }
}

/** Replaces text in a template, failing if it is not there (a no-op edit would prove nothing). */
function edit(path: string, from: string, to: string): void {
  const text = readFileSync(path, 'utf8');
  expect(text, path).toContain(from);
  writeFileSync(path, text.replace(from, to));
}

const xlsxCells = async (path: string) => (await xlsxRows(readFileSync(path))).flat();
const titleFontSize = async (path: string) => (await loadWorkbook(readFileSync(path))).worksheets[0]!.getCell('A1').font.size;

describe('a changed template rewrites exactly the outputs made with it', () => {
  it('project.hbs: the 12 printouts, not the publication', async () => {
    const f = await built();
    const before = snapshot(f.out);
    edit(join(f.templates, 'project.hbs'), '<cell style="label" scope="row">绩效目标</cell>', '<cell style="label" scope="row">年度绩效目标</cell>');
    expectRewrote(await build(f.opts()), f.out, before, PRINTOUTS);

    const [pdf, docx, xlsx] = printoutsOf(2).map((p) => join(f.out, p));
    expect(pdfText(pdf!)).toContain('年度绩效目标');
    expect(await docxText(readFileSync(docx!))).toContain('年度绩效目标');
    expect(await xlsxCells(xlsx!)).toContain('年度绩效目标');
  });

  it('publication.hbs: the 3 publication files, not the printouts', async () => {
    const f = await built();
    const before = snapshot(f.out);
    edit(join(f.templates, 'publication.hbs'), '<cell style="head">绩效指标</cell>', '<cell style="head">绩效指标（年度）</cell>');
    expectRewrote(await build(f.opts()), f.out, before, PUBLICATION);

    expect(pdfText(join(f.out, 'distinct.pdf'))).toContain('绩效指标（年度）');
    expect(await docxText(readFileSync(join(f.out, 'distinct.docx')))).toContain('绩效指标（年度）');
    expect(await xlsxCells(join(f.out, 'distinct.xlsx'))).toContain('绩效指标（年度）');
  });

  it('a partial: every output (any template may use any partial)', async () => {
    const f = await built();
    const before = snapshot(f.out);
    // The 总计 cell becomes text with a mark, so the edit is visible in every format.
    edit(
      join(f.templates, 'partials', 'amount-cells.hbs'),
      '<cell style="{{style}}"{{#if field}} field="{{field}}-total"{{/if}}{{#if (nonzero amounts.total)}} number="{{amountValue amounts.total}}"{{/if}}>{{amount amounts.total}}</cell>',
      '<cell style="{{style}}">约{{amount amounts.total}}</cell>',
    );
    expectRewrote(await build(f.opts()), f.out, before, ALL);

    const total = rowNamed('合计').figures[0];
    const first = rowNamed('就业补贴项目').figures[0];
    expect(await xlsxCells(join(f.out, 'distinct.xlsx'))).toEqual(expect.arrayContaining([`约${total}`, `约${first}`]));
    expect(pdfText(join(f.out, 'distinct.pdf'))).toContain(`约${total}`);
    const [pdf, , xlsx] = printoutsOf(1).map((p) => join(f.out, p));
    expect(await xlsxCells(xlsx!)).toContain(`约${first}`);
    expect(pdfText(pdf!)).toContain(`约${first}`);
  });

  it('styles.json: every output', async () => {
    const f = await built();
    const before = snapshot(f.out);
    edit(join(f.templates, 'styles.json'), '"title": { "size": 18,', '"title": { "size": 16,');
    expectRewrote(await build(f.opts()), f.out, before, ALL);

    expect(await titleFontSize(join(f.out, 'distinct.xlsx'))).toBe(16);
    for (const p of printoutsOf(4).filter((x) => x.endsWith('.xlsx'))) expect(await titleFontSize(join(f.out, p))).toBe(16);
  });

  it('a template no output uses (corrections.hbs): nothing', async () => {
    const f = await built();
    const before = snapshot(f.out);
    edit(join(f.templates, 'corrections.hbs'), '</document>', '</document>\n{{!-- 修订 --}}');
    expectRewrote(await build(f.opts()), f.out, before, []);
  });
});

describe('an output that is not what was written is rebuilt, alone', () => {
  it('one byte flipped at the same size: that file only, back to its original bytes', async () => {
    const f = await built();
    const before = snapshot(f.out);
    const damaged = printoutsOf(2).find((p) => p.endsWith('.xlsx'))!;
    const bytes = Buffer.from(before.get(damaged)!.bytes);
    bytes[bytes.length >> 1]! ^= 0xff;
    // Same size; the modification time moves as any later edit's would (file times tick coarsely).
    await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(join(f.out, damaged), bytes);
    expect(statSync(join(f.out, damaged)).size).toBe(bytes.length);
    expect(statSync(join(f.out, damaged)).mtimeMs).not.toBe(before.get(damaged)!.mtimeMs);

    expectRewrote(await build(f.opts()), f.out, before, [damaged]);
    expect(readFileSync(join(f.out, damaged)).equals(before.get(damaged)!.bytes)).toBe(true);
  });

  it('a deleted file: that file only, with its original bytes', async () => {
    const f = await built();
    const before = snapshot(f.out);
    const deleted = printoutsOf(3).find((p) => p.endsWith('.docx'))!;
    rmSync(join(f.out, deleted));

    expectRewrote(await build(f.opts()), f.out, before, [deleted]);
    expect(readFileSync(join(f.out, deleted)).equals(before.get(deleted)!.bytes)).toBe(true);
  });

  it('printouts missing while the manifest records them: no crash, and they come back when asked for', async () => {
    const f = await built();
    rmSync(join(f.out, 'projects'), { recursive: true });
    const without = await build(f.opts({ projects: false }));
    expect(without.written).toEqual([]);
    expect(sorted(without.unchanged)).toEqual(sorted(PUBLICATION));
    expect(without.removed).toEqual([]);

    const again = await build(f.opts());
    expect(sorted(again.written)).toEqual(sorted(PRINTOUTS));
  });

  it('a manifest entry for a vanished output whose file is gone: dropped without a crash', async () => {
    const f = await built();
    const manifestPath = join(f.out, MANIFEST_NAME);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { outputs: Record<string, unknown> };
    const ghost = 'projects/05-已撤销项目.pdf';
    manifest.outputs[ghost] = manifest.outputs[PRINTOUTS[0]!];
    writeFileSync(manifestPath, JSON.stringify(manifest));

    const kept = await build(f.opts({ keepStale: true }));
    expect(kept.stale).toEqual([ghost]);
    expect(kept.written).toEqual([]);
    const dropped = await build(f.opts());
    expect(dropped.removed).toEqual([ghost]);
    expect(dropped.written).toEqual([]);
    expect(Object.keys((JSON.parse(readFileSync(manifestPath, 'utf8')) as typeof manifest).outputs)).not.toContain(ghost);
  });
});

describe('force', () => {
  it('rewrites every output, to the same bytes', async () => {
    const f = await built();
    const before = snapshot(f.out);
    const r = await build(f.opts({ force: true }));
    expect(r.unchanged).toEqual([]);
    expectRewrote(r, f.out, before, ALL);
    for (const [p, s] of snapshot(f.out)) expect(s.bytes.equals(before.get(p)!.bytes), p).toBe(true);
  });
});

describe('a write that fails half-way', () => {
  it('is exit 2 naming the file, leaves out/ exactly as it was, and the next build completes', async () => {
    // The corrected version, built alone: what out/ must hold in the end.
    const reference = folder();
    writeFileSync(reference.input, CORRECTED_TSV);
    await build(reference.opts());
    const wanted = snapshot(reference.out);

    const f = await built();
    const old = snapshot(f.out);
    const manifestBefore = readFileSync(join(f.out, MANIFEST_NAME));
    writeFileSync(f.input, CORRECTED_TSV);

    // A file-size limit below the publication PDF, old and new: its rewrite cannot finish.
    // bash counts `ulimit -f` in 1024-byte blocks (512 only in POSIX mode). Node ignores
    // SIGXFSZ, so the write fails with EFBIG instead of killing the process.
    const limitKiB = Math.floor(old.get('distinct.pdf')!.bytes.length / 1024) - 2;
    expect(wanted.get('distinct.pdf')!.bytes.length).toBeGreaterThan(limitKiB * 1024);
    expect(wanted.get('distinct.pdf')!.bytes.equals(old.get('distinct.pdf')!.bytes)).toBe(false);
    const run = spawnSync(
      'bash',
      ['-c', 'ulimit -f "$1"; shift; exec "$@"', 'bash', String(limitKiB), process.execPath, CLI, 'build', f.input, '--out', f.out, '--projects'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    // A fault of the disk, not of pubtable: exit 2 and one line naming the file.
    expect(run.signal).toBeNull();
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^${join(f.out, 'distinct.pdf')}: 错误 FILE_TOO_LARGE: 文件超过了允许的大小`, 'm'));

    // A failed build changes nothing: every file keeps its old bytes and time, the manifest too.
    for (const p of ALL) {
      expect(readFileSync(join(f.out, p)).equals(old.get(p)!.bytes), `${p} keeps its old bytes`).toBe(true);
      expect(statSync(join(f.out, p)).mtimeMs, p).toBe(old.get(p)!.mtimeMs);
    }
    expect(readFileSync(join(f.out, MANIFEST_NAME)).equals(manifestBefore)).toBe(true);
    expect(filesUnder(f.out)).toEqual(sorted([...ALL, MANIFEST_NAME]));

    const next = await build(f.opts());
    expect(next.written).toContain('distinct.pdf');
    for (const p of ALL) expect(readFileSync(join(f.out, p)).equals(wanted.get(p)!.bytes), p).toBe(true);
    expect(filesUnder(f.out)).toEqual(sorted([...ALL, MANIFEST_NAME]));
    expect(pdfText(join(f.out, 'distinct.pdf'))).toContain(CORRECTED_GOAL);
  });
});
