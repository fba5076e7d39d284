/**
 * Whole-or-nothing writes and what a system error means to the user, in process. A write
 * that fails half-way (a full disk, `ulimit -f`) is pinned with real processes in
 * incremental.test.ts; these pin the rest: no temporary file survives, a link is replaced
 * and never followed, only pubtable's own leftovers are ever removed, and each errno reads
 * as its own Chinese sentence.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asOutputError, onPath, OutputError } from '../../src/pipeline/output-error.js';
import { removeLeftovers, tempPath, writeFileAtomic } from '../../src/pipeline/write-atomic.js';

let out: string;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'pubtable-atomic-'));
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

const list = () => readdirSync(out, { recursive: true }).map(String).sort();

describe('writing a file whole', () => {
  it('makes its folders, replaces the old bytes, leaves no temporary file', async () => {
    const path = join(out, 'projects', '01-a.pdf');
    await writeFileAtomic(path, 'old');
    await writeFileAtomic(path, new Uint8Array([0x6e, 0x65, 0x77]));
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(list()).toEqual(['projects', 'projects/01-a.pdf']);
  });

  it('replaces a link at the name instead of writing where it points', async () => {
    writeFileSync(join(out, 'theirs.pdf'), 'theirs');
    symlinkSync(join(out, 'theirs.pdf'), join(out, '2025.pdf'));
    await writeFileAtomic(join(out, '2025.pdf'), 'ours');
    expect(readFileSync(join(out, 'theirs.pdf'), 'utf8')).toBe('theirs');
    expect(() => readlinkSync(join(out, '2025.pdf'))).toThrow();
    expect(readFileSync(join(out, '2025.pdf'), 'utf8')).toBe('ours');
  });

  it('refuses a folder at the name, and a file where its folder goes, naming each', async () => {
    mkdirSync(join(out, '2025.pdf'));
    await expect(writeFileAtomic(join(out, '2025.pdf'), 'x')).rejects.toMatchObject({
      code: 'OUTPUT_IS_A_FOLDER',
      message: '这里应写一个文件，却已有同名的目录',
      path: join(out, '2025.pdf'),
    });
    writeFileSync(join(out, 'projects'), 'a file');
    await expect(writeFileAtomic(join(out, 'projects', '01-a.pdf'), 'x')).rejects.toMatchObject({ code: 'OUTPUT_NOT_A_FOLDER', path: join(out, 'projects') });
    expect(list()).toEqual(['2025.pdf', 'projects']);
  });
});

describe('leftovers of an interrupted run', () => {
  it('removes only regular files with pubtable’s temporary names, in that folder only', async () => {
    const ours = [tempPath(join(out, 'x')), join(out, '.2025.pdf.123.tmp'), join(out, '..pubtable-manifest.json.9.tmp')];
    const theirs = ['.notes.txt.123.tmp', '.2025.pdf.x.tmp', '.pubtable-0123456789ab.tmp.bak', '.pubtable-0123456789.tmp', '.pubtable-0123456789AB.tmp', 'a.pubtable-0123456789ab.tmp', '.2025.pdf.123.tmp.old'];
    for (const f of ours) writeFileSync(f, '');
    for (const f of theirs) writeFileSync(join(out, f), 'keep');
    mkdirSync(join(out, '.pubtable-abcdefabcdef.tmp'));
    symlinkSync(join(out, '.notes.txt.123.tmp'), join(out, '.pubtable-fedcbafedcba.tmp'));
    mkdirSync(join(out, 'projects'));
    writeFileSync(join(out, 'projects', '.pubtable-0123456789ab.tmp'), '');
    await removeLeftovers(out);
    expect(list()).toEqual([...theirs, '.pubtable-abcdefabcdef.tmp', '.pubtable-fedcbafedcba.tmp', 'projects', 'projects/.pubtable-0123456789ab.tmp'].sort());
    await removeLeftovers(join(out, 'missing'));
  });
});

describe('system errors as the user reads them', () => {
  const system = (code: string) => Object.assign(new Error(`${code}: x`), { code, syscall: 'write' });
  it.each([
    ['EACCES', 'OUTPUT_NOT_WRITABLE', '没有权限写入这里（请检查目录的权限，或换一个输出目录）'],
    ['EPERM', 'OUTPUT_NOT_WRITABLE', '不允许写入这里（请检查目录的权限，或换一个输出目录）'],
    ['EROFS', 'OUTPUT_NOT_WRITABLE', '所在的文件系统是只读的'],
    ['ENOSPC', 'DISK_FULL', '磁盘空间不足，文件未能写完；输出目录保持原样'],
    ['EDQUOT', 'DISK_FULL', '超出磁盘配额，文件未能写完；输出目录保持原样'],
    ['EFBIG', 'FILE_TOO_LARGE', '文件超过了允许的大小（例如 ulimit -f 的限制），未能写完；输出目录保持原样'],
    ['ENAMETOOLONG', 'NAME_TOO_LONG', '文件名或路径过长，超出了文件系统的限制（文件名最多 255 字节）'],
    ['ENOTDIR', 'OUTPUT_NOT_A_FOLDER', '这里应是一个目录，却是一个文件'],
    ['EEXIST', 'OUTPUT_NOT_A_FOLDER', '这里应是一个目录，却已有同名的文件'],
    ['EISDIR', 'OUTPUT_IS_A_FOLDER', '这里应写一个文件，却已有同名的目录'],
    ['ELOOP', 'OUTPUT_SYMLINK', '是一个符号链接；pubtable 不会通过链接写入或删除文件'],
    ['EIO', 'OUTPUT_FAILED', '无法写入（系统错误 EIO）'],
  ])('%s → %s', (errno, code, message) => {
    const e = asOutputError(system(errno), '/out/2025.pdf');
    expect(e).toBeInstanceOf(OutputError);
    expect(e).toMatchObject({ code, message, path: '/out/2025.pdf' });
  });

  it('anything that is not a system error (a bug) passes through unchanged', async () => {
    const bug = new TypeError('x is undefined');
    const coded = Object.assign(new Error('no syscall'), { code: 'ENOSPC' });
    const ours = new OutputError('OUTPUT_BUSY', '忙', '/out/.pubtable.lock');
    for (const e of [bug, coded, ours, 'text', { code: 'ENOSPC', syscall: 'write' }]) expect(asOutputError(e, '/x')).toBe(e);
    await expect(onPath('/x', () => Promise.reject(bug))).rejects.toBe(bug);
    await expect(onPath('/out', () => Promise.reject(system('ENOSPC')))).rejects.toMatchObject({ code: 'DISK_FULL', path: '/out' });
    expect(await onPath('/x', async () => 7)).toBe(7);
  });
});
