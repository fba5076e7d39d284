/**
 * What a build may do in out/ beyond writing its own files: the checks made before
 * anything is written, and the removal of printouts whose project no longer exists.
 *
 * pubtable deletes a file only if all of these hold: the manifest records it as written
 * by this same publication; its path is a printout name (projects/NN-….pdf|docx|xlsx|html,
 * output-paths.ts) that no project of the current records has; projects/ is a real folder,
 * not a link; and the file is still a regular file with the bytes pubtable wrote. A file
 * changed since is the user's now: it is kept and forgotten, with a warning.
 */
import { access, constants, lstat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { warning, type Diagnostic } from '../model/diagnostic.js';
import { FS_CALLS_IN_FLIGHT, mapBounded } from './bounded.js';
import { isIntact, MANIFEST_NAME, type Manifest } from './manifest.js';
import { OutputError, onPath } from './output-error.js';
import { overlongPart, PRINTOUT_FOLDER } from './output-paths.js';
import { realFolder } from './staging.js';

/** Refuses output names longer than a file system allows, before out/ is touched. */
export function checkNames(outDir: string, paths: string[]): void {
  for (const p of paths) {
    const part = overlongPart(p);
    if (part !== null) {
      throw new OutputError('NAME_TOO_LONG', `输出文件名有 ${new TextEncoder().encode(part).length} 字节，超过了文件系统允许的 255 字节；请把输入文件改成短一些的名字`, join(outDir, p));
    }
  }
}

/**
 * Refuses, before anything is written, a build whose files could not all be put in
 * place: projects/ a link or a file, a folder where a file goes, a folder not writable.
 */
export async function preflight(outDir: string, paths: string[]): Promise<void> {
  const folders = new Set(paths.map((p) => dirname(p)).filter((d) => d !== '.'));
  for (const f of folders) {
    const dir = join(outDir, f);
    await onPath(dir, () => realFolder(dir));
    if ((await lstat(dir).catch(() => null)) !== null) await onPath(dir, () => access(dir, constants.W_OK));
  }
  const files = [...paths, MANIFEST_NAME];
  const stats = await mapBounded(files, FS_CALLS_IN_FLIGHT, (p) => lstat(join(outDir, p)).catch(() => null));
  // The first such path in order, as a one-by-one check would name it.
  const folder = files.find((_, i) => stats[i]?.isDirectory());
  if (folder !== undefined) throw new OutputError('OUTPUT_IS_A_FOLDER', '这里应写一个文件，却已有同名的目录', join(outDir, folder));
}

export interface Removal {
  removed: string[];
  stale: string[];
  warnings: Diagnostic[];
}

/**
 * Deletes (or, with keep, lists) the files the manifest records for `publication` that
 * no output of the current records is (`possible`); updates the manifest.
 */
export async function removeStale(outDir: string, manifest: Manifest, publication: string, possible: Set<string>, keep: boolean): Promise<Removal> {
  const r: Removal = { removed: [], stale: [], warnings: [] };
  const vanished = [...manifest].filter(([path, e]) => e.publication === publication && !possible.has(path));
  if (vanished.length === 0) return r;
  if (keep) {
    r.stale = vanished.map(([path]) => path);
    return r;
  }
  const folder = join(outDir, PRINTOUT_FOLDER);
  const linked = await realFolder(folder).then(
    () => false,
    () => true,
  );
  if (linked) {
    r.warnings.push(warning('STALE_NOT_REMOVED', `${folder} 不是一个普通目录（可能是符号链接），其中已不存在的项目的文件没有删除`, { file: folder }));
    return r;
  }
  for (const [path, entry] of vanished) {
    const file = join(outDir, path);
    const s = await lstat(file).catch(() => null);
    manifest.delete(path);
    if (s === null) r.removed.push(path); // gone already: only the record is left to drop
    else if (s.isFile() && (await isIntact(file, entry))) {
      await onPath(file, () => unlink(file));
      r.removed.push(path);
    } else {
      r.warnings.push(warning('STALE_FILE_KEPT', `${path} 的项目已不存在，但这个文件在 pubtable 写入后被改动过（或已不是普通文件），所以保留，不再记录`, { file }));
    }
  }
  return r;
}
