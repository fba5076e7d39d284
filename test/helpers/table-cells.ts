/**
 * A table's cells as a reader of each format finds them: where each cell sits and what it
 * spans, read from the file alone, to compare with where src/render/table-grid.ts put them.
 * Only cells that show text are reported (an empty cell cannot be seen in a PDF).
 */
import type ExcelJS from 'exceljs';
import { docxCellText, xlsxCells, type PdfRule, type PdfWord } from './read-back.js';

/** A cell as read back: its text (whitespace removed), 0-based top-left slot, spans. */
export interface PlacedText {
  text: string;
  row: number;
  col: number;
  rowspan: number;
  colspan: number;
}

const squash = (s: string) => s.replace(/\s+/g, '');
const byPlace = (a: PlacedText, b: PlacedText) => a.row - b.row || a.col - b.col;

/**
 * The first table of word/document.xml: `w:gridSpan` gives a cell's columns, a
 * `w:vMerge` restart cell and the continuation cells below it its rows. Refuses a row that
 * does not fill the grid, or a continuation that does not continue a cell of its width.
 */
export function docxTableCells(documentXml: string): PlacedText[] {
  const tbl = /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(documentXml)?.[0];
  if (!tbl) throw new Error('no table in word/document.xml');
  const width = [...tbl.matchAll(/<w:gridCol /g)].length;
  const cells: PlacedText[] = [];
  /** The cell a restart opened, by its first grid column. */
  const open = new Map<number, PlacedText>();
  [...tbl.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].forEach(([tr], r) => {
    let col = 0;
    for (const [tc] of tr.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)) {
      const colspan = Number(/<w:gridSpan w:val="(\d+)"\/>/.exec(tc)?.[1] ?? 1);
      const merge = /<w:vMerge(?: w:val="(\w+)")?\/>/.exec(tc);
      if (merge && merge[1] !== 'restart') {
        const above = open.get(col);
        if (!above || above.row + above.rowspan !== r || above.colspan !== colspan) {
          throw new Error(`row ${r + 1}, column ${col + 1}: a continuation cell that continues nothing`);
        }
        above.rowspan++;
      } else {
        const cell = { text: squash(docxCellText(tc)), row: r, col, rowspan: 1, colspan };
        cells.push(cell);
        if (merge) open.set(col, cell);
        else open.delete(col);
      }
      col += colspan;
    }
    if (col !== width) throw new Error(`row ${r + 1} covers ${col} of ${width} grid columns`);
  });
  return cells.filter((c) => c.text !== '');
}

/**
 * A table's cells on a sheet: rows [firstRow, firstRow + rows) from column A (1-based, as
 * exceljs counts), each merged area's extent from the sheet's merges.
 */
export function xlsxTableCells(sheet: ExcelJS.Worksheet, firstRow: number, rows: number): PlacedText[] {
  const merges = (sheet.model.merges ?? []).map((range) => {
    const [top, bottom] = range.split(':').map((a) => sheet.getCell(a));
    return { top: top!, bottom: bottom! };
  });
  return xlsxCells(sheet)
    .filter((c) => c.row >= firstRow && c.row < firstRow + rows && c.text !== '')
    .map((c) => {
      const merge = merges.find((m) => Number(m.top.row) === c.row && Number(m.top.col) === c.col);
      return {
        text: squash(c.text),
        row: c.row - firstRow,
        col: c.col - 1,
        rowspan: merge ? Number(merge.bottom.row) - c.row + 1 : 1,
        colspan: merge ? Number(merge.bottom.col) - c.col + 1 : 1,
      };
    });
}

/**
 * A ruled table on a PDF page, from what a reader sees: the rules drawn round the cells
 * and the words inside them. Column edges come from the layout (`edges`, points from the
 * left), row edges from the horizontal rules. Two neighbouring slots belong to one cell
 * when no rule runs between them, so each cell is the area its rules enclose; its text is
 * the words inside, read line by line. Reads the first page that has rules: a probe table
 * must fit on one page, and every cell that shows text must be ruled.
 */
export function pdfTableCells(words: PdfWord[], rules: PdfRule[], edges: number[]): PlacedText[] {
  const page = rules[0]?.page;
  if (page === undefined) throw new Error('the PDF has no rules');
  const near = (a: number, b: number) => Math.abs(a - b) < 1.5;
  const within = (v: number, a: number, b: number) => v >= Math.min(a, b) && v <= Math.max(a, b);
  const onPage = rules.filter((r) => r.page === page);
  const across = onPage.filter((r) => near(r.y1, r.y2));
  const down = onPage.filter((r) => near(r.x1, r.x2));
  const rowEdges = [...new Set(across.map((r) => Math.round(r.y1)))].sort((a, b) => a - b);
  const mid = (e: number[], i: number) => (e[i]! + e[i + 1]!) / 2;
  // Whether a rule separates slot (r, c) from its right, or from its lower, neighbour.
  const ruledRight = (r: number, c: number) => down.some((l) => near(l.x1, edges[c + 1]!) && within(mid(rowEdges, r), l.y1, l.y2));
  const ruledBelow = (r: number, c: number) => across.some((l) => near(l.y1, rowEdges[r + 1]!) && within(mid(edges, c), l.x1, l.x2));
  const slotAt = (x: number, y: number) => {
    const c = edges.findIndex((e, i) => i + 1 < edges.length && x >= e && x < edges[i + 1]!);
    const r = rowEdges.findIndex((e, i) => i + 1 < rowEdges.length && y >= e && y < rowEdges[i + 1]!);
    return r < 0 || c < 0 ? undefined : { r, c };
  };

  // Flood each slot with text to the area its rules enclose; slots are numbered r * width + c.
  const width = edges.length - 1;
  const areaOf = new Map<number, number>();
  const areas: { slots: number[]; words: PdfWord[] }[] = [];
  const flood = (start: number) => {
    const slots = [start];
    areaOf.set(start, areas.length);
    for (let i = 0; i < slots.length; i++) {
      const [r, c] = [Math.floor(slots[i]! / width), slots[i]! % width];
      const next: [number, number, boolean][] = [
        [r, c + 1, c + 1 < width && !ruledRight(r, c)],
        [r, c - 1, c > 0 && !ruledRight(r, c - 1)],
        [r + 1, c, r + 2 < rowEdges.length && !ruledBelow(r, c)],
        [r - 1, c, r > 0 && !ruledBelow(r - 1, c)],
      ];
      for (const [nr, nc, open] of next) {
        if (open && !areaOf.has(nr * width + nc)) {
          areaOf.set(nr * width + nc, areas.length);
          slots.push(nr * width + nc);
        }
      }
    }
    areas.push({ slots, words: [] });
  };
  for (const w of words.filter((w) => w.page === page)) {
    const slot = slotAt((w.xMin + w.xMax) / 2, (w.yMin + w.yMax) / 2);
    if (!slot) continue;
    const n = slot.r * width + slot.c;
    if (!areaOf.has(n)) flood(n);
    areas[areaOf.get(n)!]!.words.push(w);
  }
  return areas
    .map(({ slots, words: inside }) => {
      const rows = slots.map((s) => Math.floor(s / width));
      const cols = slots.map((s) => s % width);
      const [row, col] = [Math.min(...rows), Math.min(...cols)];
      const text = [...inside].sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin).map((w) => w.text).join('');
      return { text: squash(text), row, col, rowspan: Math.max(...rows) - row + 1, colspan: Math.max(...cols) - col + 1 };
    })
    .sort(byPlace);
}
