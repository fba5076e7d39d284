/**
 * Which files a build makes, what each is made from, and what each depends on. An output
 * is a report (template) applied to a context, in one format, at one path under `out/`.
 */
import { projectsOf } from '../model/projects.js';
import type { PdfStandard } from '../layout/types.js';
import type { Publication } from '../model/types.js';
import type { Format } from '../render/index.js';
import { printoutBaseNames } from './file-names.js';
import { COMBINED_SUFFIX, PRINTOUT_FOLDER, publicationName } from './output-paths.js';
import { hashOf, recordsKey } from './fingerprint.js';

export type Job =
  | { kind: 'publication' }
  | { kind: 'project'; index: number }
  /** Every selected project form in one PDF, each on a new page. */
  | { kind: 'combined'; indices: number[] };

export interface Output {
  /** Relative to the output folder, `/`-separated. */
  path: string;
  format: Format;
  job: Job;
  /** Hash of everything the bytes depend on. */
  inputs: string;
}

export interface PlanOptions {
  input: string;
  formats: Format[];
  /** Per-project printouts for these project positions (0-based), or none. */
  projects: number[];
  combined: boolean;
  /** Per report, the hash of its template, the partials, styles, fonts and version (fingerprint.ts). */
  environment: { publication: string; project: string };
  /** The document date written into metadata. */
  date: Date;
  /** Only the PDFs depend on it. */
  pdfStandard: PdfStandard;
}

/** An output before its key: what `planOutputs` lists, and all a list of possible paths needs. */
export type PlannedFile = Omit<Output, 'inputs'>;

export type PlannedFilesOptions = Pick<PlanOptions, 'input' | 'formats' | 'projects' | 'combined'>;

/** The files a build with these options makes, in the order they are made. */
export function plannedFiles(p: Publication, opts: PlannedFilesOptions): PlannedFile[] {
  const base = publicationName(opts.input);
  // A format named twice (`--formats pdf,pdf`) is still one file, made once.
  const formats = [...new Set(opts.formats)];
  const files: PlannedFile[] = formats.map((format) => ({ path: `${base}.${format}`, format, job: { kind: 'publication' } }));
  const names = printoutBaseNames(projectsOf(p).map((r) => r.project.name));
  for (const index of opts.projects) {
    for (const format of formats) files.push({ path: `${PRINTOUT_FOLDER}/${names[index]!}.${format}`, format, job: { kind: 'project', index } });
  }
  if (opts.combined && opts.projects.length > 0) {
    files.push({ path: `${base}${COMBINED_SUFFIX}`, format: 'pdf', job: { kind: 'combined', indices: opts.projects } });
  }
  return files;
}

/**
 * The planned files with their keys. Each key is made only when a file needs it: the records
 * of a 10,000-project publication take ≈ 0.1 s to write out and hash, once for the table and
 * once more, project by project, for printouts, which most builds do not make.
 */
export function planOutputs(p: Publication, opts: PlanOptions): Output[] {
  const date = opts.date.toISOString();
  // A format's own settings join its key: changing the PDF standard remakes the PDFs only.
  const formatKey = (format: Format) => (format === 'pdf' ? `pdf\u0000${opts.pdfStandard}` : format);
  let publicationKey: string | undefined;
  const refs = projectsOf(p);
  const header = recordsKey({ title: p.title, year: p.year, department: p.department, moneyUnit: p.moneyUnit });
  const projectKeys = new Map<number, string>();
  const projectKey = (index: number): string => {
    let key = projectKeys.get(index);
    if (key === undefined) {
      const r = refs[index]!;
      key = hashOf(opts.environment.project, date, 'project', header, recordsKey({ unit: r.unit.name, project: r.project, position: r.position }));
      projectKeys.set(index, key);
    }
    return key;
  };
  const keyOf = ({ job, format }: PlannedFile): string => {
    switch (job.kind) {
      case 'publication':
        publicationKey ??= hashOf(opts.environment.publication, date, 'publication', recordsKey(p));
        return hashOf(publicationKey, formatKey(format));
      case 'project':
        return hashOf(projectKey(job.index), formatKey(format));
      case 'combined':
        return hashOf('combined', formatKey('pdf'), ...job.indices.map(projectKey));
    }
  };
  return plannedFiles(p, opts).map((file) => ({ ...file, inputs: keyOf(file) }));
}
