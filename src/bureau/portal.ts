/**
 * The portal package of a bureau's run, made from the departments' records alone
 * (department-record.ts): index.html and 汇总表.xlsx (one row per department, exact grand
 * totals), 审核意见.xlsx, the open data (CSV and JSON Lines) and the all-departments PDF.
 * Each file is written whole (temp, then rename) and only when its bytes change, so a run
 * that changed nothing leaves the package as it was.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCanonical } from '../ingest/canonical/reader.js';
import { SEVERITY_LABELS } from '../review/finding.js';
import { parseAmount, ZERO, type Amount } from '../model/amount.js';
import { formatSource, InputError } from '../model/diagnostic.js';
import { sumAmounts } from '../model/amounts.js';
import type { Amounts, Publication } from '../model/types.js';
import { documentDate } from '../pipeline/document-date.js';
import { environmentKey, hashOf, recordsKey } from '../pipeline/fingerprint.js';
import { hashFile } from '../pipeline/manifest.js';
import { writeFileAtomic, writeFileAtomicFrom, writeFileIfChanged } from '../pipeline/write-atomic.js';
import { mergePdfs, NotOurPdf, rendererFor, type MergePart } from '../render/index.js';
import { COMBINED_SUFFIX } from '../pipeline/output-paths.js';
import { DEFAULT_TEMPLATES, loadReport, renderLayout, type Report } from '../template/report.js';
import { readRecord, type DepartmentRecord, type DepartmentSummary } from './department-record.js';
import { csvHeader, csvLines, jsonLines } from './open-data.js';
import * as files from './portal-files.js';

/** Where the combined PDF's inputs are remembered, so an unchanged run does not lay it out again. */
const PORTAL_STATE = '.pubtable-portal.json';

export interface PortalOptions {
  /** The templates folder; portal.hbs and review.hbs come from it when it has them. */
  templatesDir: string;
  /** The package's heading; by default from the departments' years (`2025年度项目支出绩效目标表汇总`). */
  title?: string;
}

export interface PortalResult {
  written: string[];
  unchanged: string[];
}

export async function writePortal(out: string, records: readonly DepartmentSummary[], opts: PortalOptions): Promise<PortalResult> {
  const result: PortalResult = { written: [], unchanged: [] };
  const put = async (name: string, bytes: Uint8Array | string) => {
    (await writeFileIfChanged(join(out, name), bytes) ? result.written : result.unchanged).push(name);
  };
  const years = [...new Set(records.map((r) => r.year).filter((y): y is number => y !== null))].sort();
  const date = documentDate(years.length > 0 ? years[years.length - 1]! : null);
  const period = years.length === 0 ? '' : `${years.join('、')}年度`;
  const title = opts.title ?? `${period}项目支出绩效目标表汇总`;
  const report = (name: string) => loadReport(existsSync(join(opts.templatesDir, `${name}.hbs`)) ? opts.templatesDir : DEFAULT_TEMPLATES, name);

  const summary = renderLayout(report('portal'), summaryContext(records, title), date);
  await put(files.PORTAL_INDEX, (await (await rendererFor('html'))(summary)).bytes);
  await put(files.PORTAL_SUMMARY, (await (await rendererFor('xlsx'))(summary)).bytes);
  const review = renderLayout(report('review'), reviewContext(records, opts.title === undefined ? `${period}项目支出绩效目标审核意见` : `${opts.title}审核意见`), date);
  await put(files.PORTAL_REVIEW, (await (await rendererFor('xlsx'))(review)).bytes);

  const built = records.filter((r) => r.status === 'built');
  // One department's rows at a time: only the files' text is held, not every record.
  const csv = [csvHeader()];
  const jsonl: string[] = [];
  for (const r of built) {
    const rows = (await fullRecord(out, r)).indicators;
    csv.push(csvLines(rows));
    jsonl.push(jsonLines(rows));
  }
  await put(files.OPEN_DATA_CSV, csv.join(''));
  await put(files.OPEN_DATA_JSONL, jsonl.join(''));
  if (built.length > 0) await writeCombined(out, built, report('publication'), { templatesDir: opts.templatesDir, title }, date, result);
  return result;
}

/**
 * The all-departments PDF: each department's own publication PDF, pages copied as they are,
 * under a bookmark with its name (a department built without PDF is rendered from its
 * records here). Made again only when a part, the templates or the title changed.
 */
async function writeCombined(out: string, built: DepartmentSummary[], report: Report, opts: Required<PortalOptions>, date: Date, result: PortalResult): Promise<void> {
  const own = built.map((r) => ownPdf(out, r));
  const keys: string[] = [];
  for (const [i, file] of own.entries()) keys.push(file === null ? `records ${recordsKey((await fullRecord(out, built[i]!)).records)}` : `file ${await hashFile(file)}`);
  const key = hashOf(await environmentKey(opts.templatesDir, report), date.toISOString(), opts.title, ...keys);
  const path = join(out, files.PORTAL_COMBINED);
  const state = await readFile(join(out, PORTAL_STATE), 'utf8').then((t) => JSON.parse(t) as { combined?: { inputs: string; sha256: string } }, () => null);
  if (state?.combined?.inputs === key && (await hashFile(path)) === state.combined.sha256) {
    result.unchanged.push(files.PORTAL_COMBINED);
    return;
  }
  async function* parts(): AsyncGenerator<MergePart> {
    for (const [i, r] of built.entries()) {
      const file = own[i] ?? null;
      const bytes = file !== null ? await readFile(file) : (await (await rendererFor('pdf'))(renderLayout(report, { publication: publicationOf(await fullRecord(out, r)) }, documentDate(r.year)))).bytes;
      yield { title: r.department ?? r.input, bytes };
    }
  }
  const meta = { title: `${opts.title}（全部单位）`, author: opts.title, subject: '项目支出绩效目标表', created: date };
  try {
    await writeFileAtomicFrom(path, (write) => mergePdfs(built.length, parts(), meta, write));
  } catch (e) {
    if (e instanceof NotOurPdf) throw new InputError('DEPARTMENT_PDF_DAMAGED', `${e.message}；请重新生成这个单位（pubtable build … --force）`, { file: out });
    throw e;
  }
  result.written.push(files.PORTAL_COMBINED);
  await writeFileAtomic(join(out, PORTAL_STATE), JSON.stringify({ combined: { inputs: key, sha256: await hashFile(path) } }) + '\n');
}

/** The department's publication PDF, if it was built with one. */
function ownPdf(out: string, r: DepartmentSummary): string | null {
  const f = r.files.find((x) => !x.includes('/') && x.endsWith('.pdf') && !x.endsWith(COMBINED_SUFFIX));
  return f === undefined ? null : join(out, r.folder, f);
}

/** The department's whole record, read again: the package keeps only summaries. */
async function fullRecord(out: string, r: DepartmentSummary): Promise<DepartmentRecord> {
  return (await readRecord(out, r.folder)) ?? fail(join(out, r.folder));
}

function fail(folder: string): never {
  throw new InputError('RECORD_MISSING', '汇总时单位记录文件不见了（是否有另一个进程在修改输出目录？）', { file: folder });
}

/** A department's records back as a publication (they were checked when it was built). */
function publicationOf(r: DepartmentRecord): Publication {
  return readCanonical(JSON.stringify(r.records), `${r.folder}/${r.input}`).publication;
}

function amountsOf(t: NonNullable<DepartmentSummary['totals']>): Amounts {
  const a = (s: string): Amount => parseAmount(s) ?? ZERO;
  return { total: a(t.total), fiscal: a(t.fiscal), special: a(t.special), other: a(t.other) };
}

function summaryContext(records: readonly DepartmentSummary[], title: string) {
  // The publication's own file: not a printout (in a folder), not the printouts bound in one PDF.
  const link = (r: DepartmentSummary, ext: string) => {
    const f = r.status === 'built' ? r.files.find((x) => !x.includes('/') && x.endsWith(`.${ext}`) && !x.endsWith(COMBINED_SUFFIX)) : undefined;
    return f === undefined ? null : `${r.folder}/${f}`;
  };
  const departments = records.map((r, i) => ({
    number: i + 1,
    name: r.department ?? r.input,
    year: r.year ?? '',
    counts: r.counts,
    built: r.status === 'built',
    totals: r.totals ? amountsOf(r.totals) : sumAmounts([]),
    warnings: r.warnings,
    errors: r.errors,
    findings: r.findings.length,
    status: r.status === 'built' ? '已生成' : '未生成',
    files: { pdf: link(r, 'pdf'), docx: link(r, 'docx'), xlsx: link(r, 'xlsx'), html: link(r, 'html') },
  }));
  const built = records.filter((r) => r.status === 'built');
  const failed = records.filter((r) => r.status === 'failed');
  return {
    title,
    departments,
    builtCount: built.length,
    failed: failed.map((r, i) => ({ number: i + 1, name: r.department ?? '（无法读取）', input: r.input, messages: whyNotBuilt(r) })),
    sum: {
      counts: {
        units: built.reduce((n, r) => n + r.counts.units, 0),
        projects: built.reduce((n, r) => n + r.counts.projects, 0),
        indicators: built.reduce((n, r) => n + r.counts.indicators, 0),
      },
      amounts: sumAmounts(built.map((r) => amountsOf(r.totals!))),
    },
  };
}

/** The errors that kept a department from being built; its warnings only counted. */
function whyNotBuilt(r: DepartmentSummary): string[] {
  const errors = r.messages.filter((m) => m.severity === 'error').map((m) => m.text);
  const warnings = r.messages.length - errors.length;
  return warnings > 0 ? [...errors, `另有 ${warnings} 条警告（pubtable validate ${r.input} 可列出）`] : errors;
}

function reviewContext(records: readonly DepartmentSummary[], title: string) {
  const findings = records.flatMap((r) =>
    r.findings.map((f) => ({ ...f, department: r.department ?? r.input, project: f.project ?? '', severity: SEVERITY_LABELS[f.severity] })),
  );
  return { title, findings: findings.map((f, i) => ({ ...f, number: i + 1, source: formatSource(f.source) })) };
}
