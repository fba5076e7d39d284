/**
 * Page geometry every writer shares: the paper (A4, docs/official-format.md §1), the units
 * a layout gives lengths in (mm for the page, points for type), and how tall a header or
 * footer band is.
 */
import type { PageSetup, Paragraph } from './types.js';

export const MM_PER_INCH = 25.4;
export const PT_PER_MM = 72 / MM_PER_INCH;

/** A4 in millimetres, short side and long side. */
export const A4_MM = { short: 210, long: 297 } as const;

/** The page's width and height in millimetres, as its orientation turns the paper. */
export function pageSizeMm(page: PageSetup): { width: number; height: number } {
  return page.orientation === 'landscape'
    ? { width: A4_MM.long, height: A4_MM.short }
    : { width: A4_MM.short, height: A4_MM.long };
}

/** Millimetres between the left and right margins. */
export function textWidthMm(page: PageSetup): number {
  return pageSizeMm(page).width - page.margins.left - page.margins.right;
}

/**
 * Points a header or footer needs: each paragraph's lines (its text's line breaks) at its
 * line height, and its spacing. Writers centre the band in the margin by it.
 */
export function bandHeight(paragraphs: readonly Paragraph[]): number {
  let height = 0;
  for (const p of paragraphs) {
    const lines = 1 + p.runs.filter((r) => r.kind === 'break').length;
    height += lines * p.style.size * p.style.lineHeight + p.style.spaceBefore + p.style.spaceAfter;
  }
  return height;
}
