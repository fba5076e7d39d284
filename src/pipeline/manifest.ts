/**
 * The build manifest (`<out>/.pubtable-manifest.json`): for each output file, the
 * publication that wrote it, the hash of everything it was made from and the hash of the
 * bytes written. A file is up to date when both still match: its inputs are unchanged and
 * nobody altered or truncated it.
 *
 * The manifest is untrusted input (out/ may have been copied from anyone): an entry is
 * kept only if its path is one pubtable writes (output-paths.ts) and its fields have the
 * right types; anything else is ignored with a warning naming the manifest.
 */
import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { warning, type Diagnostic } from '../model/diagnostic.js';
import { sha256OfFile } from './file-hash.js';
import { mayWrite, outputKind } from './output-paths.js';
import { writeFileAtomic } from './write-atomic.js';

export const MANIFEST_NAME = '.pubtable-manifest.json';
const FORMAT = 'pubtable-manifest/2';
/** Written by pubtable 0.1.0, before entries named their publication. */
const FORMAT_1 = 'pubtable-manifest/1';

export interface ManifestEntry {
  /** The publication (input name without extension, output-paths.ts) that wrote the file. */
  publication: string;
  /** Hash of the output's inputs: records, templates, styles, fonts, pubtable version. */
  inputs: string;
  /** Hash of the bytes written. */
  sha256: string;
  /** Size and modification time when written: if both still match, the bytes need no re-reading. */
  size: number;
  mtimeMs: number;
}

/** Output path (relative to out/) → what was written there. A Map: keys are untrusted text. */
export type Manifest = Map<string, ManifestEntry>;

export interface ReadManifest {
  manifest: Manifest;
  warnings: Diagnostic[];
}

export async function readManifest(outDir: string): Promise<ReadManifest> {
  const file = join(outDir, MANIFEST_NAME);
  const ignored = (why: string): ReadManifest => ({
    manifest: new Map(),
    warnings: [warning('MANIFEST_INVALID', `输出清单 ${file} ${why}，已忽略；本次构建将重新生成所有文件，且不删除任何文件`, { file })],
  });
  let data: unknown;
  try {
    // O_NOFOLLOW: a manifest that is a link to somewhere else is not ours to read.
    data = JSON.parse(await readFile(file, { encoding: 'utf8', flag: constants.O_RDONLY | constants.O_NOFOLLOW }));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { manifest: new Map(), warnings: [] };
    return ignored(e instanceof SyntaxError ? '不是有效的 JSON' : code === 'ELOOP' ? '是一个符号链接' : `无法读取（${code ?? '未知错误'}）`);
  }
  const { format, outputs } = (typeof data === 'object' && data !== null ? data : {}) as { format?: unknown; outputs?: unknown };
  if (format !== FORMAT && format !== FORMAT_1) return ignored(`的格式“${String(format)}”不是 ${FORMAT}`);
  if (typeof outputs !== 'object' || outputs === null || Array.isArray(outputs)) return ignored('中的 outputs 不是对象');

  const raw = Object.entries(outputs as Record<string, unknown>);
  const manifest: Manifest = new Map();
  const bad: string[] = [];
  // A first-format manifest came from one publication's builds: its printouts are that one's.
  const owners = new Set(raw.map(([path]) => path).filter((p) => outputKind(p) === 'publication').map((p) => p.replace(/\.[a-z]+$/, '')));
  const soleOwner = owners.size === 1 ? [...owners][0]! : undefined;
  for (const [path, value] of raw) {
    const entry = format === FORMAT ? entryOf(value) : entryOf({ publication: ownerOf(path, soleOwner), ...(value as object) });
    if (entry !== null && mayWrite(entry.publication, path)) manifest.set(path, entry);
    else if (format === FORMAT || outputKind(path) === null) bad.push(path);
  }
  const warnings =
    bad.length === 0
      ? []
      : [
          warning(
            'MANIFEST_ENTRY_IGNORED',
            `输出清单 ${file} 中有 ${bad.length} 条记录不是 pubtable 写的文件或格式不对，已忽略（不会删除它们指向的任何文件）：` +
              bad.slice(0, 5).map((p) => JSON.stringify(p)).join('、') + (bad.length > 5 ? ' 等' : ''),
            { file },
          ),
        ];
  return { manifest, warnings };
}

function ownerOf(path: string, soleOwner: string | undefined): string | undefined {
  const kind = outputKind(path);
  if (kind === 'publication') return path.replace(/\.[a-z]+$/, '');
  if (kind === 'combined') return path.slice(0, path.lastIndexOf('-'));
  return soleOwner;
}

/** A SHA-256 as the manifest and the staging journal write it. */
export const HEX64 = /^[0-9a-f]{64}$/;

/** The entry if `value` has exactly the right field types, else null. */
function entryOf(value: unknown): ManifestEntry | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const ok =
    typeof v.publication === 'string' &&
    typeof v.inputs === 'string' && HEX64.test(v.inputs) &&
    typeof v.sha256 === 'string' && HEX64.test(v.sha256) &&
    Number.isSafeInteger(v.size) && (v.size as number) >= 0 &&
    typeof v.mtimeMs === 'number' && Number.isFinite(v.mtimeMs);
  if (!ok) return null;
  return { publication: v.publication as string, inputs: v.inputs as string, sha256: v.sha256 as string, size: v.size as number, mtimeMs: v.mtimeMs as number };
}

export async function writeManifest(outDir: string, manifest: Manifest): Promise<void> {
  const sorted = Object.fromEntries([...manifest].sort(([a], [b]) => (a < b ? -1 : 1)));
  await writeFileAtomic(join(outDir, MANIFEST_NAME), JSON.stringify({ format: FORMAT, outputs: sorted }, null, 2) + '\n');
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Whether the file at `file` is what the entry says was written: a regular file (a link
 * is never taken for an output) whose size and modification time are unchanged (as make
 * judges), or, if the time moved, whose bytes still hash the same.
 */
export async function isIntact(file: string, entry: Pick<ManifestEntry, 'sha256' | 'size' | 'mtimeMs'>): Promise<boolean> {
  let s: Stats;
  try {
    s = await lstat(file);
  } catch {
    return false;
  }
  if (!s.isFile() || s.size !== entry.size) return false;
  if (s.mtimeMs === entry.mtimeMs) return true;
  return (await hashFile(file)) === entry.sha256;
}

/** The hash of a regular file's bytes, never through a link; null if it cannot be read. */
export async function hashFile(file: string): Promise<string | null> {
  try {
    return await sha256OfFile(file, true);
  } catch {
    return null;
  }
}
