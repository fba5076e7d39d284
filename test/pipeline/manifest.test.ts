/**
 * The build manifest, in process: it is untrusted input (out/ may come from anyone), so each
 * way it can be wrong has its own warning, and only entries that pubtable could have
 * written are kept. The incremental tests show what a build does with it; these pin the
 * reading, the writing and the up-to-date judgement themselves.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashFile, isIntact, MANIFEST_NAME, readManifest, sha256, writeManifest, type ManifestEntry } from '../../src/pipeline/manifest.js';

let out: string;
let file: string;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'pubtable-manifest-'));
  file = join(out, MANIFEST_NAME);
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

const HASH = 'a'.repeat(64);
const entry = (publication: string, extra: Partial<ManifestEntry> = {}): ManifestEntry => ({ publication, inputs: HASH, sha256: HASH, size: 10, mtimeMs: 1.5, ...extra });
const write = (data: unknown) => writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));

async function ignoredBecause(why: string): Promise<void> {
  const { manifest, warnings } = await readManifest(out);
  expect(manifest.size).toBe(0);
  expect(warnings).toEqual([
    {
      code: 'MANIFEST_INVALID',
      severity: 'warning',
      message: `输出清单 ${file} ${why}，已忽略；本次构建将重新生成所有文件，且不删除任何文件`,
      source: { file },
    },
  ]);
}

describe('reading the manifest', () => {
  it('none yet: an empty manifest and no warning', async () => {
    expect(await readManifest(out)).toEqual({ manifest: new Map(), warnings: [] });
  });

  it('each way the whole file is wrong is named, and the whole manifest ignored', async () => {
    write('{"format":');
    await ignoredBecause('不是有效的 JSON');
    write({ format: 'pubtable-manifest/9', outputs: {} });
    await ignoredBecause('的格式“pubtable-manifest/9”不是 pubtable-manifest/2');
    write('null');
    await ignoredBecause('的格式“undefined”不是 pubtable-manifest/2');
    for (const outputs of [[], null, 'x']) {
      write({ format: 'pubtable-manifest/2', outputs });
      await ignoredBecause('中的 outputs 不是对象');
    }
    rmSync(file);
    mkdirSync(file);
    await ignoredBecause('无法读取（EISDIR）');
    rmSync(file, { recursive: true });
    writeFileSync(join(out, 'elsewhere.json'), JSON.stringify({ format: 'pubtable-manifest/2', outputs: { '2025.pdf': entry('2025') } }));
    symlinkSync(join(out, 'elsewhere.json'), file);
    await ignoredBecause('是一个符号链接');
  });

  it('keeps the entries pubtable could have written and names (up to five of) the rest', async () => {
    const good = {
      '2025.pdf': entry('2025'),
      '2025-项目表合订.pdf': entry('2025', { size: 0 }),
      'projects/01-购置经费.docx': entry('2024'),
    };
    const bad = {
      '../2025.pdf': entry('2025'),
      '2024.pdf': entry('2025'), // another publication's name
      '2025.xlsx': entry('2025', { sha256: 'A'.repeat(64) }),
      '2025.docx': entry('2025', { inputs: 'a'.repeat(63) }),
      '2025.html': entry('2025', { size: -1 }),
      'projects/02-x.pdf': entry('2025', { size: 1.5 }),
      'projects/03-x.pdf': { ...entry('2025'), mtimeMs: null },
      'projects/04-x.pdf': { ...entry('2025'), publication: 7 },
      'projects/05-x.pdf': 'text',
    };
    write({ format: 'pubtable-manifest/2', outputs: { ...good, ...bad } });
    const { manifest, warnings } = await readManifest(out);
    expect(Object.fromEntries(manifest)).toEqual(good);
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'MANIFEST_ENTRY_IGNORED',
        source: { file },
        message: `输出清单 ${file} 中有 9 条记录不是 pubtable 写的文件或格式不对，已忽略（不会删除它们指向的任何文件）：` +
          '"../2025.pdf"、"2024.pdf"、"2025.xlsx"、"2025.docx"、"2025.html" 等',
      }),
    ]);

    write({ format: 'pubtable-manifest/2', outputs: { ...good, ...Object.fromEntries(Object.entries(bad).slice(0, 5)) } });
    expect((await readManifest(out)).warnings[0]!.message).toMatch(/中有 5 条记录.*："\.\.\/2025\.pdf"、"2024\.pdf"、"2025\.xlsx"、"2025\.docx"、"2025\.html"$/);
  });

  it('a first-format manifest (no publication per entry) gives its files to its one publication', async () => {
    const old = ({ publication, ...rest }: ManifestEntry) => rest;
    write({
      format: 'pubtable-manifest/1',
      outputs: {
        '2025.pdf': old(entry('x')),
        '2025-项目表合订.pdf': old(entry('x')),
        'projects/01-购置经费.pdf': old(entry('x')),
        'projects/02-x.pdf': { ...old(entry('x')), size: 'big' }, // could be ours: dropped quietly, rebuilt
        'notes.txt': old(entry('x')), // never ours: named
      },
    });
    const { manifest, warnings } = await readManifest(out);
    expect(Object.fromEntries(manifest)).toEqual({
      '2025.pdf': entry('2025'),
      '2025-项目表合订.pdf': entry('2025'),
      'projects/01-购置经费.pdf': entry('2025'),
    });
    expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/中有 1 条记录.*："notes\.txt"$/)]);
  });

  it('a first-format manifest of two publications keeps their own files, not the printouts no one owns', async () => {
    const { publication, ...old } = entry('x');
    write({ format: 'pubtable-manifest/1', outputs: { '2024.pdf': old, '2025.docx': old, '2025-项目表合订.pdf': old, 'projects/01-a.pdf': old } });
    const { manifest, warnings } = await readManifest(out);
    expect([...manifest].map(([p, e]) => `${p}←${e.publication}`)).toEqual(['2024.pdf←2024', '2025.docx←2025', '2025-项目表合订.pdf←2025']);
    expect(warnings).toEqual([]);
  });
});

describe('writing the manifest', () => {
  it('sorted by path, in the current format, read back the same', async () => {
    const manifest = new Map([
      ['projects/01-a.pdf', entry('2025', { size: 3 })],
      ['2025.pdf', entry('2025')],
      ['2025-项目表合订.pdf', entry('2025', { mtimeMs: 2 })],
    ]);
    await writeManifest(out, manifest);
    const text = readFileSync(file, 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(text);
    expect(parsed.format).toBe('pubtable-manifest/2');
    expect(Object.keys(parsed.outputs)).toEqual(['2025-项目表合订.pdf', '2025.pdf', 'projects/01-a.pdf']);
    expect((await readManifest(out)).manifest).toEqual(manifest);
  });
});

describe('whether an output is intact', () => {
  it('size first, then time, then the bytes; a link is never taken for an output', async () => {
    const path = join(out, '2025.pdf');
    writeFileSync(path, 'the bytes');
    const s = statSync(path);
    const written = { sha256: sha256('the bytes'), size: s.size, mtimeMs: s.mtimeMs };
    expect(await hashFile(path)).toBe(written.sha256);
    expect(await isIntact(path, written)).toBe(true);
    expect(await isIntact(path, { ...written, size: s.size + 1 })).toBe(false);
    // Same size and time: trusted without reading (as make does).
    expect(await isIntact(path, { ...written, sha256: HASH })).toBe(true);
    // The time moved: the bytes decide.
    utimesSync(path, new Date(0), new Date(0));
    expect(await isIntact(path, written)).toBe(true);
    writeFileSync(path, 'The bytes');
    utimesSync(path, new Date(0), new Date(0));
    expect(await isIntact(path, { ...written, mtimeMs: s.mtimeMs })).toBe(false);
    expect(await isIntact(join(out, 'missing.pdf'), written)).toBe(false);

    const link = join(out, 'link.pdf');
    writeFileSync(join(out, 'target'), 'the bytes');
    symlinkSync(join(out, 'target'), link);
    expect(await isIntact(link, written)).toBe(false);
    expect(await hashFile(link)).toBeNull();
    mkdirSync(join(out, 'dir.pdf'));
    expect(await isIntact(join(out, 'dir.pdf'), { ...written, size: statSync(join(out, 'dir.pdf')).size })).toBe(false);
  });
});
