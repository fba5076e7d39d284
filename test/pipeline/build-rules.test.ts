/**
 * Rules of one build, in process (the command-line tests run the same in child processes,
 * where no mutant of the mutation run is active): which printouts a selection means, that
 * records with errors write nothing, that an interrupted build keeps what it finished and
 * that a build which ends without output takes away the folders it made.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/diagnostic.js';
import { build, type BuildOptions } from '../../src/pipeline/build.js';
import { DEFAULT_TEMPLATES } from '../../src/template/report.js';
import { DISTINCT_TSV, writeDistinct } from '../fixtures/distinct-publication.js';
import { manifestOf } from '../helpers/out-folder.js';

process.env.PUBTABLE_WORKERS ??= '0';

let dir: string;
let input: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pubtable-build-rules-'));
  input = writeDistinct(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const opts = (over: Partial<BuildOptions> = {}): BuildOptions => ({ input, outDir: join(dir, 'out'), formats: ['pdf'], templatesDir: DEFAULT_TEMPLATES, ...over });

describe('a build', () => {
  it('prints the projects selected by position or name, each once, in table order', async () => {
    const r = await build(opts({ select: ['3', '就业补贴项目', '03'] }));
    expect(r.written.sort()).toEqual(['distinct.pdf', 'projects/01-就业补贴项目.pdf', 'projects/03-技能鉴定补助.pdf']);
  });

  it('refuses a selection that names no project, before making anything', async () => {
    for (const s of ['9', '0', '就业补贴']) {
      const e = await build(opts({ select: ['1', s] })).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(InputError);
      expect(e).toMatchObject({ code: 'PROJECT_NOT_FOUND', message: `没有名称或序号为“${s}”的项目`, source: { file: input } });
    }
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('of records with errors writes nothing and makes no folder', async () => {
    writeDistinct(dir, 'distinct.txt', DISTINCT_TSV.replace('1,474.59', '1,474.60'));
    const r = await build(opts({ projects: true }));
    expect(r.diagnostics.some((d) => d.severity === 'error' && d.code === 'AMOUNT_SUM_MISMATCH')).toBe(true);
    expect(r.written).toEqual([]);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('stopped (Ctrl-C) after its first file puts the files it finished in place and records it; the rest is left for the next build', async () => {
    const stop = new AbortController();
    const progress = { start() {}, step() { stop.abort(new Error('Ctrl-C')); }, done() {} };
    const e = await build(opts({ projects: true, progress, signal: stop.signal })).catch((x: unknown) => x);
    expect(e).toBe(stop.signal.reason);
    const out = join(dir, 'out');
    // Files already being made when it stopped are finished too; none is started after.
    const placed = readdirSync(out, { recursive: true }).map(String).filter((p) => p.endsWith('.pdf')).sort();
    expect(placed.length).toBeGreaterThan(0);
    expect(placed.length).toBeLessThan(5);
    expect(Object.keys(manifestOf(out)).sort()).toEqual(placed);
    const next = await build(opts({ projects: true }));
    expect(next.unchanged.sort()).toEqual(placed);
    expect(next.written).toHaveLength(5 - placed.length);
  });

  it('that ends with nothing written removes the folders it made for out/, and only those', async () => {
    const stop = new AbortController();
    stop.abort(new Error('Ctrl-C'));
    const outDir = join(dir, 'new', 'a', 'out');
    const e = await build(opts({ outDir, signal: stop.signal })).catch((x: unknown) => x);
    expect(e).toBe(stop.signal.reason);
    expect(readdirSync(dir).sort()).toEqual(['distinct.txt']);
  });
});
