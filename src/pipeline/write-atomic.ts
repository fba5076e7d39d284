/**
 * Files appear whole or not at all: bytes go to a temporary file beside the target, which
 * is then renamed over it (atomic on one file system). The temporary name is random and
 * created exclusively (O_EXCL), so a link planted under a guessable name is never written
 * through; the rename replaces a link at the target itself, never what it points to.
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { OutputError, onPath } from './output-error.js';
import { outputKind } from './output-paths.js';

/** `.pubtable-<12 hex>.tmp`: only pubtable makes names of this shape; short, so any target name fits. */
const TEMP_NAME = /^\.pubtable-[0-9a-f]{12}\.tmp$/;
/** pubtable 0.1.0's `.<output>.<pid>.tmp`, removed only where the name is one of its outputs. */
const OLD_TEMP_NAME = /^\.(.+)\.\d+\.tmp$/;

export function tempPath(path: string): string {
  return join(dirname(path), `.pubtable-${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Removes the temporary files an interrupted run left in `dir` (not below: pubtable's
 * temporary files live beside the manifest). Only regular files with pubtable's temporary
 * names: never a link, a folder or a file of the user's. The caller holds the folder's lock.
 */
export async function removeLeftovers(dir: string): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const old = OLD_TEMP_NAME.exec(e.name);
    const ours = TEMP_NAME.test(e.name) || (old !== null && (outputKind(old[1]!) !== null || old[1] === '.pubtable-manifest.json'));
    if (e.isFile() && ours) await onPath(join(dir, e.name), () => rm(join(dir, e.name), { force: true }));
  }
}

/** The folder of `path` made if missing; a folder where the file goes refused by name. */
async function prepareTarget(path: string): Promise<void> {
  await onPath(dirname(path), () => mkdir(dirname(path), { recursive: true }));
  const existing = await lstat(path).catch(() => null);
  if (existing?.isDirectory()) throw new OutputError('OUTPUT_IS_A_FOLDER', '这里应写一个文件，却已有同名的目录', path);
}

/** Writes `data` to `path` whole or not at all; a system error is an OutputError naming `path`. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await prepareTarget(path);
  const tmp = tempPath(path);
  try {
    await onPath(path, async () => {
      await writeFile(tmp, data, { flag: 'wx' });
      await rename(tmp, path);
    });
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * writeFileAtomic, unless the file already holds exactly these bytes: a rerun that changes
 * nothing leaves files (and their times) as they were. Whether it wrote.
 */
export async function writeFileIfChanged(path: string, data: Uint8Array | string): Promise<boolean> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const old = await readFile(path).catch(() => null);
  if (old !== null && Buffer.compare(old, bytes) === 0) return false;
  await writeFileAtomic(path, bytes);
  return true;
}

/** Bytes gathered before each write to the file: big enough that many small pieces cost few system calls. */
const FLUSH_BYTES = 1 << 20;

/**
 * writeFileAtomic for a file made piece by piece (a merged PDF of hundreds of parts):
 * `produce` writes through the function it is given; memory holds about a megabyte of it.
 */
export async function writeFileAtomicFrom(path: string, produce: (write: (chunk: Uint8Array) => Promise<void>) => Promise<void>): Promise<void> {
  await prepareTarget(path);
  const tmp = tempPath(path);
  const file = await onPath(path, () => open(tmp, 'wx'));
  let pending: Uint8Array[] = [];
  let size = 0;
  const flush = async () => {
    await onPath(path, () => file.write(Buffer.concat(pending)));
    pending = [];
    size = 0;
  };
  try {
    await produce(async (chunk) => {
      pending.push(chunk);
      size += chunk.length;
      if (size >= FLUSH_BYTES) await flush();
    });
    await flush();
    await file.close();
    await onPath(path, () => rename(tmp, path));
  } catch (e) {
    await file.close().catch(() => {});
    await rm(tmp, { force: true });
    throw e;
  }
}
