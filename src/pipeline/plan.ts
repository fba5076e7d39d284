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

export function planOutputs(p: Publication, opts: PlanOptions): Output[] {
  const base = publicationName(opts.input);
  // A format named twice (`--formats pdf,pdf`) is still one file, made once.
  const formats = [...new Set(opts.formats)];
  const date = opts.date.toISOString();
  // A format's own settings join its key: changing the PDF standard remakes the PDFs only.
  const formatKey = (format: Format) => (format === 'pdf' ? `pdf\u0000${opts.pdfStandard}` : format);
  const header = recordsKey({ title: p.title, year: p.year, department: p.department, moneyUnit: p.moneyUnit });
  const publicationKey = hashOf(opts.environment.publication, date, 'publication', recordsKey(p));
  const outputs: Output[] = formats.map((format) => ({
    path: `${base}.${format}`,
    format,
    job: { kind: 'publication' },
    inputs: hashOf(publicationKey, formatKey(format)),
  }));

  const refs = projectsOf(p);
  const names = printoutBaseNames(refs.map((r) => r.project.name));
  const projectKeys = refs.map((r) =>
    hashOf(opts.environment.project, date, 'project', header, recordsKey({ unit: r.unit.name, project: r.project, position: r.position })),
  );
  for (const index of opts.projects) {
    for (const format of formats) {
      outputs.push({
        path: `${PRINTOUT_FOLDER}/${names[index]!}.${format}`,
        format,
        job: { kind: 'project', index },
        inputs: hashOf(projectKeys[index]!, formatKey(format)),
      });
    }
  }
  if (opts.combined && opts.projects.length > 0) {
    outputs.push({
      path: `${base}${COMBINED_SUFFIX}`,
      format: 'pdf',
      job: { kind: 'combined', indices: opts.projects },
      inputs: hashOf('combined', formatKey('pdf'), ...opts.projects.map((i) => projectKeys[i]!)),
    });
  }
  return outputs;
}
