/**
 * The records the workbench can open: the inputs in the served folder, or a file the user
 * dropped on the page. The page names an input by an id the server made; a path never
 * comes from a URL. An uploaded file keeps its name (so its outputs are named as `build`
 * names them), in a folder of its own under the workbench's private folder.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { isBesideFile } from '../pipeline/records-store.js';
import { writeFileAtomic } from '../pipeline/write-atomic.js';

/** The extensions the readers know (ingest/index.ts); anything else in the folder is not offered. */
const INPUT_EXTENSIONS = new Set(['.txt', '.xlsx', '.json', '.yaml', '.yml']);
/** A file name as a page may give it: at most this many characters, no folders. */
const MAX_NAME = 120;

export interface Input {
  id: string;
  /** The file's name, as shown. */
  name: string;
  path: string;
  /** A copy the page uploaded, kept in the workbench's private folder only while it runs. */
  uploaded?: true;
}

export const inputId = (path: string) => createHash('sha256').update(path).digest('hex').slice(0, 16);

export function inputAt(path: string): Input {
  return { id: inputId(path), name: basename(path), path };
}

/**
 * The inputs directly in `folder`, by name; hidden files and pubtable's own files left out
 * (a workbook's corrections YAML is shown through the workbook).
 */
export async function inputsIn(folder: string): Promise<Input[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && !isBesideFile(e.name) && INPUT_EXTENSIONS.has(extname(e.name).toLowerCase()))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => inputAt(join(folder, name)));
}

/** A name from the page made safe as one file name: no folders, no control characters, a known extension. */
export function uploadName(raw: string): string | null {
  const name = basename(raw.replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f\u007f:*?"<>|]/g, '_')
    .trim();
  if (name === '' || name.startsWith('.') || name.length > MAX_NAME) return null;
  return INPUT_EXTENSIONS.has(extname(name).toLowerCase()) ? name : null;
}

/** Saves an upload as upload number `n` under `dir`; its path. */
export async function saveUpload(dir: string, n: number, name: string, bytes: Uint8Array): Promise<Input> {
  const folder = join(dir, 'uploads', String(n));
  await mkdir(folder, { recursive: true });
  const path = join(folder, name);
  await writeFileAtomic(path, bytes);
  return { ...inputAt(path), uploaded: true };
}
