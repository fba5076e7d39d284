/**
 * Where a layout's first table sits on the PDF page, computed from the layout alone (page
 * size, margins, relative column widths), so tests can tell which column a word fell in.
 */
import type { LayoutDocument, Table } from '../../src/layout/types.js';

const A4_PT = { short: 595.28, long: 841.89 };
const PT_PER_MM = 72 / 25.4;

export interface TableGeometry {
  /** x of each column edge, points from the page's left (columns.length + 1 of them). */
  edges: number[];
  /** y of the footer band's top: words below it are page furniture. */
  bottom: number;
}

export function firstTable(layout: LayoutDocument): Table {
  const table = layout.body.find((b): b is Table => b.kind === 'table');
  if (!table) throw new Error('the layout has no table');
  return table;
}

export function tableGeometry(layout: LayoutDocument): TableGeometry {
  const landscape = layout.page.orientation === 'landscape';
  const width = landscape ? A4_PT.long : A4_PT.short;
  const height = landscape ? A4_PT.short : A4_PT.long;
  const { left, right, bottom } = layout.page.margins;
  const columns = firstTable(layout).columns;
  const total = columns.reduce((a, b) => a + b, 0);
  const textWidth = width - (left + right) * PT_PER_MM;
  const edges = [left * PT_PER_MM];
  for (const c of columns) edges.push(edges.at(-1)! + (c / total) * textWidth);
  return { edges, bottom: height - bottom * PT_PER_MM };
}

/** The column (0-based) whose span holds x, or -1. */
export function columnAt(edges: number[], x: number): number {
  return edges.findIndex((e, i) => i + 1 < edges.length && x >= e && x < edges[i + 1]!);
}
