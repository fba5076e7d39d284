/**
 * The HTML writer: one self-contained page (inline CSS, no script, nothing fetched) that a
 * portal can publish and a browser prints like the PDF. The layout tree maps onto HTML
 * almost one to one: paragraphs are `<p>`, tables real `<table>`s with their header rows in
 * `<thead>` (`<th scope>`), spans as `rowspan`/`colspan` placed as every writer places them
 * (../table-grid.ts), page breaks as CSS breaks, the header and footer in the printed
 * page's margin boxes. A cell's link wraps its content in `<a href>`. All text is escaped:
 * nothing from a record is ever markup. Outline entries (a PDF's bookmarks) are left out: the
 * page is read by scrolling.
 */
import type { LayoutDocument, Paragraph, Table } from '../../layout/types.js';
import { pageFlow } from '../page-flow.js';
import type { RenderOptions, RenderResult } from '../renderer.js';
import { placeCells, checkColumnWidths, startsAt } from '../table-grid.js';
import { textPieces } from '../text-pieces.js';
import { WarningList } from '../warnings.js';
import { pageCss, StyleClasses } from './css.js';

export async function renderHtml(doc: LayoutDocument, options: RenderOptions = {}): Promise<RenderResult> {
  const warnings = new WarningList();
  const classes = new StyleClasses(doc.fonts, warnings);
  const refs = options.sourceRefs ?? false;
  const body: string[] = [];
  // On screen there are no pages: the header and footer show once, without page numbers.
  const band = (ps: readonly Paragraph[]) => ps.filter((p) => !p.runs.some((r) => r.kind === 'field')).map((p) => paragraph(p, classes, 'band'));
  body.push(...band(doc.header));
  for (const item of pageFlow(doc.body)) {
    if (item.kind === 'emptyPage') {
      body.push('<div class="page-break"></div>', '<div class="empty-page"></div>');
      continue;
    }
    if (item.breakBefore) body.push('<div class="page-break"></div>');
    if (item.block.kind === 'paragraph') body.push(paragraph(item.block, classes, undefined, refs));
    else body.push(table(item.block, classes, warnings, refs));
  }
  body.push(...band(doc.footer));

  const meta = doc.meta;
  const html = [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeText(meta.title)}</title>`,
    `<meta name="author" content="${escapeAttribute(meta.author)}">`,
    `<meta name="description" content="${escapeAttribute(meta.subject)}">`,
    `<meta name="dcterms.created" content="${meta.created.toISOString().slice(0, 10)}">`,
    '<style>',
    // The page's own rules first, then the styles (classes are defined while the body is written).
    pageCss(doc, classes),
    classes.css,
    '</style>',
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { bytes: new TextEncoder().encode(html), warnings: warnings.items };
}

function paragraph(p: Paragraph, classes: StyleClasses, extra?: string, refs = false): string {
  const cls = extra === undefined ? classes.classOf(p.style) : `${classes.classOf(p.style)} ${extra}`;
  return `<p class="${cls}"${refAttribute(p.ref, refs)}>${inlineHtml(p.runs)}</p>`;
}

/** ` data-ref="…"` when refs are asked for and the element has one. */
function refAttribute(ref: string | undefined, refs: boolean): string {
  return refs && ref !== undefined ? ` data-ref="${escapeAttribute(ref)}"` : '';
}

function table(t: Table, classes: StyleClasses, warnings: WarningList, refs: boolean): string {
  const total = checkColumnWidths(t.columns);
  const grid = placeCells(t);
  for (const w of grid.warnings) warnings.add(w);
  const cols = t.columns.map((w) => `<col class="${classes.columnClass(Number(((w / total) * 100).toFixed(4)))}">`).join('');
  const rows = grid.slots.map((slots, r) => {
    const head = r < grid.headerRows;
    const cells: string[] = [];
    slots.forEach((placed, c) => {
      if (placed === undefined || !startsAt(placed, r, c)) return;
      const heads = head ? 'col' : placed.cell.scope;
      const tag = heads ? 'th' : 'td';
      const group = heads === 'col' ? placed.colspan > 1 : placed.rowspan > 1;
      const scope = heads ? ` scope="${heads}${group ? 'group' : ''}"` : '';
      const span = (placed.rowspan > 1 ? ` rowspan="${placed.rowspan}"` : '') + (placed.colspan > 1 ? ` colspan="${placed.colspan}"` : '');
      const ref = refAttribute(placed.cell.ref, refs) + (refs && placed.cell.field !== undefined ? ` data-field="${escapeAttribute(placed.cell.field)}"` : '');
      const content = placed.cell.link === undefined ? inlineHtml(placed.cell.runs) : `<a href="${escapeAttribute(href(placed.cell.link))}">${inlineHtml(placed.cell.runs)}</a>`;
      cells.push(`<${tag} class="${classes.classOf(placed.cell.style)}"${scope}${span}${ref}>${content}</${tag}>`);
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  const head = rows.slice(0, grid.headerRows);
  const bodyRows = rows.slice(grid.headerRows);
  return [
    '<table>',
    ...(t.caption === undefined ? [] : [`<caption class="caption">${escapeText(t.caption)}</caption>`]),
    `<colgroup>${cols}</colgroup>`,
    ...(head.length > 0 ? ['<thead>', ...head, '</thead>'] : []),
    '<tbody>',
    ...bodyRows,
    '</tbody>',
    '</table>',
  ].join('\n');
}

/** Runs as HTML: text escaped, line breaks as `<br>`; page fields have no value on a page without pages. */
function inlineHtml(runs: Paragraph['runs']): string {
  return textPieces(runs, () => null)
    .map((piece) => (piece === '\n' ? '<br>' : escapeText(piece)))
    .join('');
}

/**
 * A cell's link (a relative path, `/` between folders: types.ts) as an href: each segment
 * percent-encoded as UTF-8, so a name with spaces, `#`, `?` or Chinese opens the file beside
 * the page, from disk as from a server.
 */
function href(link: string): string {
  return link.split('/').map(encodeURIComponent).join('/');
}

function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}
