/**
 * `pubtable verify <file.pdf>`: does what the pages show agree with the records the PDF
 * carries? The records are read from the PDF and checked (totals that add up, …); then the
 * pages they make — with the same templates, as a publication or as project forms, whichever
 * the PDF is — are compared with the PDF's pages line by line. A page edited after the build,
 * or records swapped inside it, shows as a difference at its page and line, with the project
 * it belongs to.
 */
import { readCanonical } from '../ingest/canonical/reader.js';
import { readInput } from '../ingest/index.js';
import { embeddedRecords, recordsLabel } from '../ingest/pdf/records.js';
import { pageLines, type PageLine } from '../ingest/pdf/page-text.js';
import { NotOurPdf, parsePdf, type ParsedPdf } from '../ingest/pdf/objects.js';
import type { LayoutDocument } from '../layout/types.js';
import { formatAmount } from '../model/amount.js';
import { InputError, type Diagnostic } from '../model/diagnostic.js';
import { projectsOf, type ProjectRef } from '../model/projects.js';
import type { Publication } from '../model/types.js';
import { rendererFor } from '../render/index.js';
import { loadReport } from '../template/report.js';
import { validate } from '../validate/validate.js';
import { documentDate } from './document-date.js';
import { layoutFor, type LayoutSources } from './layouts.js';

export interface Difference {
  /** 1-based. */
  page: number;
  line: number;
  /** What the PDF shows there, and what its records make there (null: no such line). */
  shown: string | null;
  expected: string | null;
  /** The project the line belongs to, when one can tell: `position. name`. */
  project: string | null;
}

export interface VerifyResult {
  publication: Publication;
  /** What the records themselves say is wrong (they were checked as any input is). */
  diagnostics: Diagnostic[];
  /** Which report the pages were compared with. */
  kind: 'publication' | 'forms';
  pages: { shown: number; expected: number };
  differences: Difference[];
}

/** At most this many differences are listed: a wholly different file would list every line. */
export const MAX_DIFFERENCES = 50;

export async function verifyPdf(file: string, templatesDir: string): Promise<VerifyResult> {
  const { text, pdf } = embeddedRecords(await readInput(file), file);
  const read = readCanonical(text, recordsLabel(file));
  const publication = read.publication;
  const diagnostics = [...read.diagnostics, ...validate(publication)];
  const shown = pageText(pdf, file);

  const reports = { publication: loadReport(templatesDir, 'publication'), project: loadReport(templatesDir, 'project') };
  const projects = projectsOf(publication);
  const sources: LayoutSources = { publication, projects, reports, date: documentDate(publication.year) };
  // A form set (one form or several) has forms' pages; anything else is the publication.
  const forms = projects.length > 0 ? layoutFor({ kind: 'combined', indices: projects.map((_, i) => i) }, sources) : null;
  const candidates: [VerifyResult['kind'], LayoutDocument | null][] = [
    ['publication', layoutFor({ kind: 'publication' }, sources)],
    ['forms', forms],
  ];
  let best: { kind: VerifyResult['kind']; expected: PageLine[][]; differences: Difference[] } | null = null;
  for (const [kind, layout] of candidates) {
    if (!layout) continue;
    const expected = pageLines(parsePdf((await (await rendererFor('pdf'))(layout)).bytes));
    const differences = compare(shown, expected, projects);
    if (!best || differences.length < best.differences.length) best = { kind, expected, differences };
    if (differences.length === 0) break;
  }
  return {
    publication,
    diagnostics,
    kind: best!.kind,
    pages: { shown: shown.length, expected: best!.expected.length },
    differences: best!.differences.slice(0, MAX_DIFFERENCES),
  };
}

/** The file's pages as text; a page pubtable cannot have drawn is the input's fault, not an internal error. */
function pageText(pdf: ParsedPdf, file: string): PageLine[][] {
  try {
    return pageLines(pdf);
  } catch (e) {
    if (e instanceof NotOurPdf) throw new InputError('PDF_NOT_PUBTABLE', `这不是 pubtable 生成的 PDF（${e.message}），无法核对其页面`, { file });
    throw e;
  }
}

/** Line by line, page by page; whitespace is not compared (a viewer does not show it either). */
function compare(shown: PageLine[][], expected: PageLine[][], projects: ProjectRef[]): Difference[] {
  const differences: Difference[] = [];
  const pages = Math.max(shown.length, expected.length);
  for (let p = 0; p < pages; p++) {
    const a = shown[p] ?? [];
    const b = expected[p] ?? [];
    // The project is looked for among the lines the records make, unless they make none here.
    const near = b.length > 0 ? b : a;
    for (let l = 0; l < Math.max(a.length, b.length); l++) {
      const s = a[l]?.text ?? null;
      const e = b[l]?.text ?? null;
      if (s !== null && e !== null && squeeze(s) === squeeze(e)) continue;
      differences.push({ page: p + 1, line: l + 1, shown: s, expected: e, project: projectAt(near, Math.min(l, near.length - 1), projects) });
    }
  }
  return differences;
}

/**
 * The project a line belongs to: none if no project's text holds the line and it names no
 * indicator (a title, a page number, a unit's row); else the last line at or before it that
 * only one project's text holds (a row starts with the project's name; amounts and values
 * alone say little).
 */
function projectAt(lines: PageLine[], index: number, projects: ProjectRef[]): string | null {
  const own = squeeze(lines[index]?.text ?? '');
  // An indicator line is composed by the template (`1、1-产出指标；…；名称；…`): it holds the name.
  const holds = (r: ProjectRef) => projectText(r).includes(own) || r.project.indicators.some((i) => i.name.length > 1 && own.includes(squeeze(i.name)));
  if (!projects.some(holds)) return null;
  for (let i = index; i >= 0; i--) {
    const text = squeeze(lines[i]!.text);
    if (text.length < 2) continue;
    const holders = projects.filter((r) => projectText(r).includes(text));
    if (holders.length === 1) return `${holders[0]!.position}. ${holders[0]!.project.name}`;
  }
  return null;
}

const texts = new WeakMap<ProjectRef, string>();
function projectText(r: ProjectRef): string {
  let t = texts.get(r);
  if (t === undefined) {
    const x = r.project;
    const amounts = [x.amounts.total, x.amounts.fiscal, x.amounts.special, x.amounts.other].map(formatAmount);
    t = squeeze([x.name, ...amounts, x.goal, ...x.indicators.flatMap((i) => [i.name, i.cycleValue, i.annualValue])].join('\n'));
    texts.set(r, t);
  }
  return t;
}

function squeeze(s: string): string {
  return s.replace(/\s+/g, '');
}
