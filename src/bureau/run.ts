/**
 * A finance bureau's run (`pubtable build <folder>` or several inputs): each input is one
 * department's table, built into `<out>/<单位名称>/` exactly as a single build would (same
 * names, manifest, incremental rebuild, printouts), then the portal package over all of
 * them. A department with errors does not stop the others; it is listed with its messages.
 *
 * Departments are built one after another on one shared pool of render threads, so every
 * core is busy and memory holds one department at a time. With a shard, only that shard's
 * departments are built and no package is written (`pubtable index` assembles it later).
 */
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { error, hasErrors, InputError, type Diagnostic } from '../model/diagnostic.js';
import { amountToString } from '../model/amount.js';
import { recordCounts } from '../model/projects.js';
import type { Publication } from '../model/types.js';
import { writeCanonical } from '../ingest/canonical/writer.js';
import { review, type RuleSettings } from '../review/review.js';
import type { Finding } from '../review/finding.js';
import { build, type BuildOptions, type BuildResult } from '../pipeline/build.js';
import { loadPublication } from '../pipeline/load.js';
import { lockOutput } from '../pipeline/lock.js';
import { createRenderPool } from '../pipeline/render-pool.js';
import { removeLeftovers, writeFileIfChanged } from '../pipeline/write-atomic.js';
import { buildable, messageLines, scanDepartments, type DepartmentEntry } from './departments.js';
import { RECORD_FORMAT, RECORD_NAME, readSummaries, recordText, type DepartmentRecord, type DepartmentSummary } from './department-record.js';
import { collectInputs } from './inputs.js';
import { openDataRows } from './open-data.js';
import { writePortal, type PortalResult } from './portal.js';
import { inShard, type Shard } from './shard.js';

export interface BureauOptions extends Omit<BuildOptions, 'input' | 'outDir' | 'select' | 'loaded' | 'pool'> {
  inputs: string[];
  outDir: string;
  shard: Shard | null;
  rules: RuleSettings;
  /** The portal's heading (portal.ts has the default). */
  title?: string;
  /** Told when each department is done. */
  onDepartment?: (d: DepartmentOutcome) => void;
}

export interface DepartmentOutcome {
  entry: DepartmentEntry;
  status: 'built' | 'failed';
  diagnostics: Diagnostic[];
  findings: Finding[];
  build: BuildResult | null;
}

export interface BureauResult {
  departments: DepartmentOutcome[];
  /** Inputs of other shards, not built here. */
  skipped: DepartmentEntry[];
  portal: PortalResult | null;
}

export async function buildDepartments(opts: BureauOptions): Promise<BureauResult> {
  const entries = await scanDepartments(await collectInputs(opts.inputs));
  const mine = entries.filter((e) => inShard(e.key, opts.shard));
  const result: BureauResult = { departments: [], skipped: entries.filter((e) => !inShard(e.key, opts.shard)), portal: null };
  const pool = createRenderPool(Number.MAX_SAFE_INTEGER, opts.formats);
  try {
    for (const entry of mine) {
      opts.signal?.throwIfAborted();
      const outcome = await buildOne(entry, opts, pool);
      result.departments.push(outcome);
      opts.onDepartment?.(outcome);
    }
  } finally {
    await pool.close();
  }
  if (opts.shard === null) {
    const folders = new Set(entries.map((e) => e.folder));
    const records = (await readSummaries(opts.outDir)).filter((r) => folders.has(r.folder));
    result.portal = await assemble(opts.outDir, records, opts);
  }
  return result;
}

/** Writes the portal package from `records`, holding the output folder's lock. */
export async function assemble(out: string, records: DepartmentSummary[], opts: { templatesDir: string; title?: string }): Promise<PortalResult> {
  await mkdir(out, { recursive: true });
  const lock = await lockOutput(out);
  try {
    await removeLeftovers(out);
    return await writePortal(out, records, opts);
  } finally {
    await lock.release();
  }
}

async function buildOne(entry: DepartmentEntry, opts: BureauOptions, pool: ReturnType<typeof createRenderPool>): Promise<DepartmentOutcome> {
  const outDir = join(opts.outDir, entry.folder);
  const failed = async (diagnostics: Diagnostic[]): Promise<DepartmentOutcome> => {
    await saveRecord(outDir, failedRecord(entry, diagnostics));
    return { entry, status: 'failed', diagnostics, findings: [], build: null };
  };
  if (!buildable(entry)) return failed(entry.diagnostics);
  let loaded;
  try {
    loaded = await loadPublication(entry.input);
  } catch (e) {
    // Changed or removed since the scan.
    if (e instanceof InputError) return failed([error(e.code, e.message, e.source)]);
    throw e;
  }
  if (hasErrors(loaded.diagnostics)) return failed(loaded.diagnostics);
  const { publication } = loaded;
  const r = await build({ ...opts, input: entry.input, outDir, loaded, pool });
  const findings = review(publication, opts.rules);
  const files = [...r.written, ...r.recovered, ...r.unchanged].sort();
  await saveRecord(outDir, builtRecord(entry, publication, r.diagnostics, findings, files));
  return { entry, status: 'built', diagnostics: r.diagnostics, findings, build: r };
}

function counts(ds: readonly Diagnostic[]) {
  const errors = ds.filter((d) => d.severity === 'error').length;
  return { errors, warnings: ds.length - errors, messages: messageLines(ds) };
}

function failedRecord(entry: DepartmentEntry, diagnostics: Diagnostic[]): DepartmentRecord {
  return {
    format: RECORD_FORMAT,
    input: basename(entry.input),
    folder: entry.folder,
    department: entry.department?.name ?? null,
    year: entry.department?.year ?? null,
    title: null,
    status: 'failed',
    counts: { units: 0, projects: 0, indicators: 0 },
    totals: null,
    ...counts(diagnostics),
    files: [],
    findings: [],
    indicators: [],
    records: null,
  };
}

function builtRecord(entry: DepartmentEntry, p: Publication, diagnostics: Diagnostic[], findings: Finding[], files: string[]): DepartmentRecord {
  const t = p.total;
  return {
    format: RECORD_FORMAT,
    input: basename(entry.input),
    folder: entry.folder,
    department: p.department,
    year: p.year,
    title: p.title,
    status: 'built',
    counts: recordCounts(p),
    totals: { total: amountToString(t.total), fiscal: amountToString(t.fiscal), special: amountToString(t.special), other: amountToString(t.other) },
    ...counts(diagnostics),
    files,
    findings: findings.map((f) => ({ ...f, source: { ...f.source, file: basename(f.source.file) } })),
    indicators: openDataRows(p),
    records: JSON.parse(writeCanonical(p, 'json')) as unknown,
  };
}

/** Written whole, and only when it changed (an unchanged rebuild changes no byte of out/). */
async function saveRecord(outDir: string, record: DepartmentRecord): Promise<void> {
  await writeFileIfChanged(join(outDir, RECORD_NAME), recordText(record));
}
