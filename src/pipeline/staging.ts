/**
 * A build writes its files into a private folder inside out/ (`.pubtable-staging-XXXXXX`,
 * made by mkdtemp, so on the same file system and readable by no one else) and moves them
 * to their final names only when it ends: every one when it succeeded or was interrupted
 * (Ctrl-C), none when it failed. A failed build (a template error at the 15th project, a
 * full disk) therefore leaves out/ exactly as it was.
 *
 * Each staged file is recorded in the folder's journal, one JSON line appended once the
 * file is closed. A build killed outright (kill -9, a power cut) leaves its folder behind;
 * the next build takes over every file its journal records and whose bytes still hash as
 * recorded, instead of making it again. A torn last line is simply not a record.
 */
import { constants } from 'node:fs';
import { lstat, mkdir, mkdtemp, open, readdir, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FS_CALLS_IN_FLIGHT, mapBounded } from './bounded.js';
import { hashFile, HEX64, sha256, type ManifestEntry } from './manifest.js';
import { OutputError, onPath } from './output-error.js';
import { mayWrite, PRINTOUT_FOLDER } from './output-paths.js';

export const STAGING_PREFIX = '.pubtable-staging-';
const STAGING_NAME = /^\.pubtable-staging-[A-Za-z0-9]{6}$/;
/** Not a possible output name (those end in .pdf, .docx or .xlsx). */
const JOURNAL = '.journal';

export interface Staged {
  path: string;
  entry: ManifestEntry;
}

export class Staging {
  readonly files: Staged[] = [];
  /** The folders made inside the staging folder: each once, not once per file (3,000 printouts, ≈ 0.25 s). */
  private readonly folders = new Map<string, Promise<unknown>>();

  private constructor(
    private readonly outDir: string,
    readonly dir: string,
    private readonly journal: FileHandle,
  ) {}

  static async create(outDir: string): Promise<Staging> {
    return onPath(outDir, async () => {
      const dir = await mkdtemp(join(outDir, STAGING_PREFIX));
      // O_APPEND: concurrent records never overwrite each other.
      return new Staging(outDir, dir, await open(join(dir, JOURNAL), 'ax'));
    });
  }

  /** Writes one output's bytes, under its final name inside the staging folder. */
  async write(path: string, bytes: Uint8Array, publication: string, inputs: string): Promise<void> {
    const file = join(this.dir, path);
    const stats = await onPath(join(this.outDir, path), async () => {
      await this.folder(dirname(file));
      const h = await open(file, 'wx');
      try {
        await h.writeFile(bytes);
        return await h.stat();
      } finally {
        await h.close();
      }
    });
    await this.record(path, { publication, inputs, sha256: sha256(bytes), size: stats.size, mtimeMs: stats.mtimeMs });
  }

  /** Moves a file a killed build staged (its bytes checked against its journal) into this build. */
  async adopt(file: string, path: string, entry: ManifestEntry): Promise<void> {
    await onPath(join(this.outDir, path), async () => {
      await this.folder(dirname(join(this.dir, path)));
      await rename(file, join(this.dir, path));
    });
    await this.record(path, entry);
  }

  private folder(dir: string): Promise<unknown> {
    let made = this.folders.get(dir);
    if (!made) this.folders.set(dir, (made = mkdir(dir, { recursive: true })));
    return made;
  }

  private async record(path: string, entry: ManifestEntry): Promise<void> {
    const { publication, inputs, sha256 } = entry;
    await onPath(this.dir, () => this.journal.write(JSON.stringify({ path, publication, inputs, sha256 }) + '\n'));
    this.files.push({ path, entry });
  }

  /**
   * Moves every staged file to its final name (a rename: a link at the final name is
   * replaced, never followed). Returns the files moved, and the failure that stopped it.
   */
  async commit(): Promise<{ moved: Staged[]; failure: unknown }> {
    let failure: unknown = null;
    // Each folder checked (made if missing) once, before any of its files moves.
    const folders = new Map<string, string>();
    for (const f of this.files) if (dirname(f.path) !== '.' && !folders.has(dirname(f.path))) folders.set(dirname(f.path), f.path);
    try {
      for (const [folder, first] of folders) await onPath(join(this.outDir, first), () => realFolder(join(this.outDir, folder), true));
    } catch (e) {
      return { moved: [], failure: e };
    }
    // The renames, several at a time; after a failure no more start.
    const done = await mapBounded(this.files, FS_CALLS_IN_FLIGHT, async (f) => {
      if (failure !== null) return false;
      const target = join(this.outDir, f.path);
      try {
        await onPath(target, () => rename(join(this.dir, f.path), target));
        return true;
      } catch (e) {
        failure ??= e;
        return false;
      }
    });
    return { moved: this.files.filter((_, i) => done[i]), failure };
  }

  /** Removes the staging folder and whatever is still in it. */
  async discard(): Promise<void> {
    await this.journal.close().catch(() => {});
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * Checks that `dir` is a real folder, not a link to one (a rename or unlink through a
 * link would land outside out/); with `create`, makes it when it is missing.
 */
export async function realFolder(dir: string, create = false): Promise<void> {
  const s = await lstat(dir).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : Promise.reject(e)));
  if (s === null && create) await mkdir(dir);
  else if (s?.isSymbolicLink()) {
    throw new OutputError('OUTPUT_SYMLINK', '是一个指向别处的符号链接；pubtable 不会写入链接指向的目录，请删除这个链接或换一个输出目录', dir);
  } else if (s !== null && !s.isDirectory()) throw new OutputError('OUTPUT_NOT_A_FOLDER', '这里应是一个目录，却是一个文件', dir);
}

export interface Leftovers {
  /** Staging folders of killed builds. */
  dirs: string[];
  /** Files they staged and recorded, by output path. */
  staged: Map<string, { file: string; entry: ManifestEntry }>;
  /** Files a killed build had already moved into place, but not yet into the manifest. */
  placed: Map<string, ManifestEntry>;
}

/** What the builds that were killed before they ended left in out/. The caller holds the lock. */
export async function leftoverStaging(outDir: string): Promise<Leftovers> {
  const found: Leftovers = { dirs: [], staged: new Map(), placed: new Map() };
  const entries = await readdir(outDir, { withFileTypes: true }).catch(() => []);
  for (const d of entries.filter((e) => e.isDirectory() && STAGING_NAME.test(e.name))) {
    const dir = join(outDir, d.name);
    found.dirs.push(dir);
    const text = await readFile(join(dir, JOURNAL), { encoding: 'utf8', flag: constants.O_RDONLY | constants.O_NOFOLLOW }).catch(() => '');
    // Only files inside the folder itself: a link in place of its projects/ would lead elsewhere.
    const printouts = (await lstat(join(dir, PRINTOUT_FOLDER)).catch(() => null))?.isDirectory() ?? false;
    for (const line of text.split('\n')) {
      const r = recordOf(line);
      if (r === null) continue;
      const inside = printouts || dirname(r.path) === '.';
      const staged = inside ? await lstat(join(dir, r.path)).catch(() => null) : null;
      if (staged?.isFile()) {
        found.staged.set(r.path, { file: join(dir, r.path), entry: { ...r.entry, size: staged.size, mtimeMs: staged.mtimeMs } });
        continue;
      }
      // Moved already: the killed build was committing. It is ours if its bytes are the ones recorded.
      const placed = await lstat(join(outDir, r.path)).catch(() => null);
      if (placed?.isFile() && (await hashFile(join(outDir, r.path))) === r.entry.sha256) {
        found.placed.set(r.path, { ...r.entry, size: placed.size, mtimeMs: placed.mtimeMs });
      }
    }
  }
  return found;
}

/** A journal line, if it is a whole and well-formed record of a path pubtable writes. */
function recordOf(line: string): { path: string; entry: Omit<ManifestEntry, 'size' | 'mtimeMs'> } | null {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  const { path, publication, inputs, sha256 } = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  if (typeof path !== 'string' || typeof publication !== 'string' || !mayWrite(publication, path)) return null;
  if (typeof inputs !== 'string' || !HEX64.test(inputs) || typeof sha256 !== 'string' || !HEX64.test(sha256)) return null;
  return { path, entry: { publication, inputs, sha256 } };
}

export async function removeFolders(dirs: string[]): Promise<void> {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}
