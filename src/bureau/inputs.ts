/**
 * The departments' inputs of a bureau's run: files named on the command line, and the
 * records files directly inside each folder named (not below it: an output folder kept
 * inside the input folder is never read back as input). Sorted, so every run, and every
 * shard, sees the departments in the same order.
 */
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InputError } from '../model/diagnostic.js';
import { isBesideFile } from '../ingest/rewrite.js';

/** A folder's review rules (../review/rules-file.ts): beside the inputs, never one of them. */
export const RULES_FILE_NAME = 'pubtable.rules.json';

/** The extensions the readers take (ingest/index.ts). */
const RECORD_EXTENSIONS = new Set(['.txt', '.tsv', '.xlsx', '.json', '.yaml', '.yml']);

export async function collectInputs(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const s = await stat(path).catch(() => null);
    if (s === null) throw new InputError('FILE_UNREADABLE', '无法打开输入：文件或目录不存在', { file: path });
    if (!s.isDirectory()) {
      files.push(path);
      continue;
    }
    const entries = await readdir(path, { withFileTypes: true });
    const found = entries
      .filter((e) => e.isFile() && !e.name.startsWith('.') && !e.name.startsWith('~$'))
      .filter((e) => RECORD_EXTENSIONS.has(extname(e.name).toLowerCase()) && !isBesideFile(e.name) && e.name !== RULES_FILE_NAME)
      .map((e) => join(path, e.name));
    if (found.length === 0) {
      throw new InputError('NO_INPUTS', `目录中没有记录文件（${[...RECORD_EXTENSIONS].join('、')}）`, { file: path });
    }
    files.push(...found);
  }
  // Code-point order, as the file system's order differs between machines.
  const unique = [...new Set(files)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return unique;
}

/** The rules file to use: the one named, else a pubtable.rules.json in the one folder given, else none (the defaults). */
export async function rulesFileFor(paths: readonly string[], named: string | undefined): Promise<string | undefined> {
  if (named !== undefined || paths.length !== 1) return named;
  const beside = join(paths[0]!, RULES_FILE_NAME);
  return (await stat(beside).catch(() => null))?.isFile() ? beside : undefined;
}
