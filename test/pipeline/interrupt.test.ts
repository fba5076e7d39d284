/**
 * Interrupting a build (Ctrl-C, a crash) never leaves a truncated file under a final name,
 * and the next build repairs what is missing.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT, pubtable } from '../helpers/cli.js';
import { LOCK_NAME } from '../../src/pipeline/lock.js';
import { MANIFEST_NAME } from '../../src/pipeline/manifest.js';

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

async function assertComplete(file: string): Promise<void> {
  if (file.endsWith('.pdf')) execFileSync('pdfinfo', [file], { stdio: 'pipe' });
  else if (/\.(docx|xlsx)$/.test(file)) await JSZip.loadAsync(readFileSync(file));
}

describe('an interrupted build', () => {
  it('Ctrl-C finishes the current files, records them, and the next build does only the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pubtable-sigint-'));
    const out = join(dir, 'out');
    const child = spawn(process.execPath, [CLI, 'build', 'examples/panyu-hrss-2025.txt', '--out', out, '--projects'], { cwd: ROOT, stdio: 'pipe' });
    let stderr = '';
    let sent = false;
    const code = await new Promise<number | null>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (!sent && (stderr.match(/写入/g) ?? []).length >= 10) sent = child.kill('SIGINT');
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(130);
    expect(stderr).toContain('INTERRUPTED');
    const written = listFiles(out).filter((f) => /\.(pdf|docx|xlsx)$/.test(f));
    for (const f of written) await assertComplete(f);
    // The lock is released and the staging folder gone: out/ holds the finished files only.
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([MANIFEST_NAME]);
    const r = pubtable(['build', 'examples/panyu-hrss-2025.txt', '--out', out, '--projects']);
    expect(r.stdout).toContain(`写入 ${72 - written.length} 个文件，未变 ${written.length} 个`);
  });

  it('kill -9 leaves only whole files; the next build takes over the lock and does only the files not yet recorded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pubtable-int-'));
    const out = join(dir, 'out');
    const input = join(dir, 'example.txt');
    writeFileSync(input, readFileSync(join(ROOT, 'examples/panyu-hrss-2025.txt')));
    const child = spawn(process.execPath, [CLI, 'build', input, '--out', out, '--projects'], { cwd: ROOT, stdio: 'pipe' });
    // Stop it once some printouts are written (it logs one line per file when not on a terminal).
    await new Promise<void>((resolve) => {
      let seen = 0;
      child.stderr.on('data', (d: Buffer) => {
        seen += (d.toString().match(/写入/g) ?? []).length;
        if (seen >= 10) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    // Nothing under a final name yet (files are moved into place when a build ends); the
    // staging folder's journal records each file finished, and each of those is whole.
    expect(listFiles(out).filter((f) => !f.includes('/.pubtable-staging-') && !f.endsWith(LOCK_NAME))).toEqual([]);
    const journal = listFiles(out).filter((f) => f.endsWith('/.journal'));
    expect(journal).toHaveLength(1);
    const recorded = readFileSync(journal[0]!, 'utf8').split('\n').filter((l) => l.endsWith('}'));
    expect(recorded.length).toBeGreaterThanOrEqual(10);
    expect(recorded.length).toBeLessThan(72);
    for (const line of recorded) await assertComplete(join(journal[0]!, '..', (JSON.parse(line) as { path: string }).path));
    // The killed build's lock is still there: the next build finds its owner dead and takes it over.
    expect(existsSync(join(out, LOCK_NAME))).toBe(true);

    const r = pubtable(['build', input, '--out', out, '--projects']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`写入 ${72 - recorded.length} 个文件，沿用上次中断前已完成的 ${recorded.length} 个，未变 0 个`);
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([MANIFEST_NAME]);
    const done = listFiles(out);
    expect(done.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(done.filter((f) => /\.(pdf|docx|xlsx)$/.test(f))).toHaveLength(72);
    for (const f of done) await assertComplete(f);
    expect(pubtable(['build', input, '--out', out, '--projects']).stdout).toContain('所有 72 个文件都是最新的');
  });
});
