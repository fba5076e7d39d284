/**
 * What a bureau's run keeps of each department, in its folder (`.pubtable-department.json`):
 * its status, counts and totals, its messages and review findings, its open-data rows, the
 * files it was built into and its records (canonical JSON). `pubtable index` assembles the
 * portal package from these alone, so shards built on other machines assemble the same way.
 * Paths in it are file names, never this machine's folders: the record is published.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../model/diagnostic.js';
import type { Finding } from '../review/finding.js';
import type { OpenDataRow } from './open-data.js';

export const RECORD_NAME = '.pubtable-department.json';
export const RECORD_FORMAT = 'pubtable-department/1';
/** A department's record is its records again, plus rows: far below this even for thousands of projects. */
const MAX_RECORD_BYTES = 256 * 1024 * 1024;

export interface DepartmentRecord {
  format: typeof RECORD_FORMAT;
  /** The input's file name. */
  input: string;
  /** The folder under out/. */
  folder: string;
  department: string | null;
  year: number | null;
  title: string | null;
  status: 'built' | 'failed';
  counts: { units: number; projects: number; indicators: number };
  /** The 合计 row: exact decimal text (`3105.64`), or null when the records could not be read. */
  totals: { total: string; fiscal: string; special: string; other: string } | null;
  errors: number;
  warnings: number;
  /** Reading's and checking's messages, `file:line: 错误 CODE: message`. */
  messages: { severity: 'error' | 'warning'; text: string }[];
  /** Relative to the department's folder, `/`-separated: what the portal links to. */
  files: string[];
  findings: Finding[];
  indicators: OpenDataRow[];
  /** The canonical JSON of the records (format pubtable/1), parsed; null when not built. */
  records: unknown;
}

/** A record without its bulk (records and open-data rows), which the package reads one department at a time. */
export type DepartmentSummary = Omit<DepartmentRecord, 'records' | 'indicators'>;

export function recordText(r: DepartmentRecord): string {
  return JSON.stringify(r, null, 1) + '\n';
}

/**
 * Every department directly under `out`, in folder order, without its bulk (memory stays
 * small however many there are); a damaged record is an error naming it.
 */
export async function readSummaries(out: string): Promise<DepartmentSummary[]> {
  const entries = await readdir(out, { withFileTypes: true }).catch(() => {
    throw new InputError('FILE_UNREADABLE', '无法打开输出目录', { file: out });
  });
  const folders = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  const summaries: DepartmentSummary[] = [];
  for (const folder of folders.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const r = await readRecord(out, folder);
    if (r === null) continue; // not a department's folder
    const { records: _records, indicators: _rows, ...summary } = r;
    summaries.push(summary);
  }
  return summaries;
}

/** The whole record of the department in `folder`, or null when the folder has none. */
export async function readRecord(out: string, folder: string): Promise<DepartmentRecord | null> {
  const file = join(out, folder, RECORD_NAME);
  let text: string;
  try {
    const bytes = await readFile(file);
    if (bytes.length > MAX_RECORD_BYTES) throw new InputError('RECORD_TOO_LARGE', '单位记录文件过大', { file });
    text = bytes.toString('utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new InputError('FILE_UNREADABLE', `无法读取单位记录文件（${(e as NodeJS.ErrnoException).code ?? String(e)}）`, { file });
  }
  return parseRecord(text, file, folder);
}

function parseRecord(text: string, file: string, folder: string): DepartmentRecord {
  let r: Partial<DepartmentRecord>;
  try {
    r = JSON.parse(text) as Partial<DepartmentRecord>;
  } catch {
    throw new InputError('RECORD_DAMAGED', '单位记录文件不是有效的 JSON（文件已损坏？请重新生成这个单位）', { file });
  }
  const shaped =
    r !== null &&
    typeof r === 'object' &&
    r.format === RECORD_FORMAT &&
    r.folder === folder &&
    (r.status === 'built' || r.status === 'failed') &&
    typeof r.input === 'string' &&
    Array.isArray(r.messages) &&
    Array.isArray(r.files) &&
    r.files.every((f) => typeof f === 'string' && isPlainRelative(f)) &&
    Array.isArray(r.findings) &&
    Array.isArray(r.indicators) &&
    typeof r.counts === 'object' &&
    (r.status === 'failed' || (r.totals !== null && typeof r.totals === 'object' && r.records !== null));
  if (!shaped) throw new InputError('RECORD_DAMAGED', `单位记录文件的格式不对（应为 ${RECORD_FORMAT}，且属于目录“${folder}”）`, { file });
  return r as DepartmentRecord;
}

/** A link the portal may print: a relative path inside the department's folder. */
function isPlainRelative(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !/[\\\u0000-\u001f]|:/.test(path) && path.split('/').every((p) => p !== '' && p !== '.' && p !== '..');
}
