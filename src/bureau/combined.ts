/**
 * 全部单位项目支出绩效目标表.pdf: every built department's publication, each starting on a
 * new page, in one document whose bookmarks go department → 资金使用单位 → project. The
 * publication template already marks units and projects (levels 1 and 2); here they move
 * one level down under their department's entry, which is put on its first block.
 */
import type { Block, LayoutDocument, Outline, Paragraph, Table } from '../layout/types.js';
import type { Publication } from '../model/types.js';
import { renderLayout, type Report } from '../template/report.js';

export function combinedLayout(publications: readonly Publication[], report: Report, date: Date, title: string): LayoutDocument {
  const parts = publications.map((publication) => {
    const doc = renderLayout(report, { publication }, date);
    const body = doc.body.map(deeper);
    const first = body.findIndex((b) => b.kind === 'paragraph');
    const entry: Outline = { level: 1, title: publication.department };
    if (first >= 0) body[first] = { ...(body[first] as Paragraph), outline: entry };
    else body.unshift({ kind: 'paragraph', style: report.styles.styles.title!, runs: [], outline: entry });
    return { doc, body };
  });
  const first = parts[0]!.doc;
  const body: Block[] = parts.flatMap((p, i) => (i === 0 ? p.body : [{ kind: 'pagebreak' } as const, ...p.body]));
  return { ...first, meta: { ...first.meta, title, author: title, subject: '项目支出绩效目标表' }, body };
}

/** A block with its outline entries one level deeper. */
function deeper(b: Block): Block {
  if (b.kind === 'paragraph') return b.outline ? { ...b, outline: { ...b.outline, level: b.outline.level + 1 } } : b;
  if (b.kind === 'table') return deeperTable(b);
  return b;
}

function deeperTable(t: Table): Table {
  if (!t.rows.some((r) => r.cells.some((c) => c.outline))) return t;
  return {
    ...t,
    rows: t.rows.map((r) => ({
      cells: r.cells.map((c) => (c.outline ? { ...c, outline: { ...c.outline, level: c.outline.level + 1 } } : c)),
    })),
  };
}
