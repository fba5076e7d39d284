/**
 * The layout tree of each job: the publication table, one project's printout, or all
 * selected printouts in one document, each starting on a new page.
 */
import { canonicalJson } from '../ingest/canonical/data.js';
import type { Block, LayoutDocument, PdfStandard } from '../layout/types.js';
import { excerptOf } from '../model/excerpt.js';
import type { Publication } from '../model/types.js';
import { renderLayout, type Report } from '../template/report.js';
import type { Job } from './plan.js';
import type { ProjectRef } from '../model/projects.js';

export interface LayoutSources {
  publication: Publication;
  projects: ProjectRef[];
  reports: { publication: Report; project: Report };
  date: Date;
  /** For files (not previews): names the records attached to each document, `<name>.pubtable.json`. */
  files?: { name: string; pdfStandard: PdfStandard };
}

/**
 * The job's layout; a file's carries the records it shows as canonical JSON (a PDF attaches
 * them): the publication, or for printouts the publication cut down to their projects.
 */
export function layoutFor(job: Job, s: LayoutSources): LayoutDocument {
  const doc = jobLayout(job, s);
  if (!s.files) return doc;
  const shown = job.kind === 'publication' ? s.publication : excerptOf(s.publication, (job.kind === 'project' ? [job.index] : job.indices).map((i) => s.projects[i]!));
  const records = { name: `${s.files.name}.pubtable.json`, mime: 'application/json', description: RECORDS_DESCRIPTION, text: canonicalJson(shown) };
  return { ...doc, pdfStandard: s.files.pdfStandard, attachments: [records] };
}

/** Shown by PDF readers beside the attachment. */
const RECORDS_DESCRIPTION = '本表所依据的记录（pubtable 规范 JSON，pubtable validate/convert 可直接读取）';

function jobLayout(job: Job, s: LayoutSources): LayoutDocument {
  switch (job.kind) {
    case 'publication':
      return renderLayout(s.reports.publication, { publication: s.publication }, s.date);
    case 'project':
      return projectLayout(job.index, s);
    case 'combined': {
      // A bookmark per project, on its first paragraph, opens its form (the outline panel opens with them).
      const parts = job.indices.map((i) => bookmarked(projectLayout(i, s), `${s.projects[i]!.position}. ${s.projects[i]!.project.name}`));
      const body: Block[] = parts.flatMap((p, i) => (i === 0 ? p.body : [{ kind: 'pagebreak' } as const, ...p.body]));
      const first = parts[0]!;
      return { ...first, meta: { ...first.meta, title: `${s.publication.title}（项目表合订）` }, body };
    }
  }
}

/** The document with a top-level outline entry on its first paragraph (the form's title). */
function bookmarked(doc: LayoutDocument, title: string): LayoutDocument {
  const at = doc.body.findIndex((b) => b.kind === 'paragraph');
  if (at < 0) return doc;
  const body = doc.body.map((b, i) => (i === at && b.kind === 'paragraph' ? { ...b, outline: { level: 1, title } } : b));
  return { ...doc, body };
}

function projectLayout(index: number, s: LayoutSources): LayoutDocument {
  const ref = s.projects[index]!;
  return renderLayout(s.reports.project, { publication: s.publication, ...ref }, s.date);
}
