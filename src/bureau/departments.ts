/**
 * The first look at every input of a bureau's run: which department and year each one is,
 * the folder its outputs go to, and what stops it before any file is made (a file that
 * cannot be read, errors in its records, another file for the same department and year).
 * Records are not kept: the run reads each department again when it builds it, so memory
 * does not grow with the number of departments.
 */
import { basename } from 'node:path';
import { error, formatDiagnostic, hasErrors, InputError, type Diagnostic } from '../model/diagnostic.js';
import { loadPublication } from '../pipeline/load.js';
import { safeName } from '../pipeline/file-names.js';
import { publicationName } from '../pipeline/output-paths.js';
import { PORTAL_FILES } from './portal-files.js';
import { shardKey } from './shard.js';

export interface DepartmentEntry {
  input: string;
  /** From the records; null when the input cannot be read at all. */
  department: { name: string; year: number | null } | null;
  /** The folder under out/ its outputs go to: its name made safe and unique. */
  folder: string;
  /** What places it in a shard (shard.ts). */
  key: string;
  /** The messages of reading and checking it, and DUPLICATE_DEPARTMENT. */
  diagnostics: Diagnostic[];
}

export async function scanDepartments(inputs: readonly string[]): Promise<DepartmentEntry[]> {
  const entries: Omit<DepartmentEntry, 'folder'>[] = [];
  for (const input of inputs) {
    try {
      const { publication: p, diagnostics } = await loadPublication(input);
      const department = { name: p.department, year: p.year };
      entries.push({ input, department, key: shardKey(department, basename(input)), diagnostics });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      entries.push({ input, department: null, key: shardKey(null, basename(input)), diagnostics: [error(e.code, e.message, e.source)] });
    }
  }
  markDuplicates(entries);
  return withFolders(entries);
}

/** Whether the department can be built: read, without errors, not a duplicate. */
export function buildable(e: DepartmentEntry): boolean {
  return e.department !== null && !hasErrors(e.diagnostics);
}

/** Two files for one department and year: neither is built, as either may be the wrong one. */
function markDuplicates(entries: Omit<DepartmentEntry, 'folder'>[]): void {
  const byKey = new Map<string, Omit<DepartmentEntry, 'folder'>[]>();
  for (const e of entries) {
    if (e.department === null || e.department.name === '') continue;
    const group = byKey.get(e.key) ?? [];
    group.push(e);
    byKey.set(e.key, group);
  }
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    for (const e of group) {
      // File names only: the message is published in the portal's list.
      const others = group.filter((o) => o !== e).map((o) => basename(o.input));
      const d = e.department!;
      const what = `“${d.name}”${d.year === null ? '' : `${d.year}年度`}`;
      e.diagnostics.push(error('DUPLICATE_DEPARTMENT', `${what}的表还有另一个输入文件：${others.join('、')}；${group.length === 2 ? '两个' : `这 ${group.length} 个`}都未生成，请只保留一个`, { file: e.input }));
    }
  }
}

/**
 * `<单位名称>`, safe on every file system; departments whose names fold to the same folder
 * (two years of one department, names that differ only in case or unsafe characters) get
 * `（年度）` and then `-2`, `-3` in input order. An unreadable input's folder is its file name.
 */
function withFolders(entries: Omit<DepartmentEntry, 'folder'>[]): DepartmentEntry[] {
  const base = entries.map((e) => safeName(e.department?.name || publicationName(e.input)));
  const fold = (s: string) => s.normalize('NFKC').toLowerCase();
  const reserved = new Set(PORTAL_FILES.map(fold));
  const count = new Map<string, number>();
  for (const b of base) count.set(fold(b), (count.get(fold(b)) ?? 0) + 1);
  const taken = new Set<string>(reserved);
  return entries.map((e, i) => {
    let name = base[i]!;
    if (count.get(fold(name))! > 1 || reserved.has(fold(name))) name = `${name}（${e.department?.year ?? basename(e.input)}）`;
    let unique = name;
    for (let n = 2; taken.has(fold(unique)); n++) unique = `${name}-${n}`;
    taken.add(fold(unique));
    return { ...e, folder: safeName(unique) };
  });
}

/** Messages as the portal lists them: `file:12: 错误 CODE: …`, the file by its name only. */
export function messageLines(ds: readonly Diagnostic[]): { severity: Diagnostic['severity']; text: string }[] {
  return ds.map((d) => ({
    severity: d.severity,
    text: formatDiagnostic({ ...d, source: { ...d.source, file: basename(d.source.file) } }),
  }));
}
