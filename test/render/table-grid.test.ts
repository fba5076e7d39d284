import { describe, expect, it } from 'vitest';
import type { Cell, Table } from '../../src/layout/types.js';
import { placeCells, startsAt, type TableGrid } from '../../src/render/table-grid.js';
import { style } from '../fixtures/sample-layout.js';

const cell = (text: string, extra: Partial<Cell> = {}): Cell => ({
  style: style('c'),
  colspan: 1,
  rowspan: 1,
  runs: [{ kind: 'text', text }],
  ...extra,
});
const textOf = (c: Cell) => c.runs.map((r) => (r.kind === 'text' ? r.text : '')).join('');

function table(columns: number, rows: Cell[][], headerRows = 0): Table {
  return { kind: 'table', columns: new Array<number>(columns).fill(1), headerRows, rows: rows.map((cells) => ({ cells })) };
}

/**
 * The grid as text, a row per string: a cell's text where it starts, `<` where a cell
 * from the left covers the slot, `^` where one from above does (in its first column), `.`
 * where no cell reached.
 */
function picture(grid: TableGrid): string[] {
  return grid.slots.map((slots, r) =>
    slots
      .map((p, c) => (p === undefined ? '.' : startsAt(p, r, c) ? textOf(p.cell) : p.col === c ? '^' : '<'))
      .join(' '),
  );
}

describe('placeCells', () => {
  it('places rowspans and colspans as HTML does, rows omitting covered slots', () => {
    const grid = placeCells(
      table(
        4,
        [
          [cell('a', { rowspan: 3 }), cell('b', { rowspan: 2 }), cell('c'), cell('d')],
          [cell('e'), cell('f')],
          [cell('g'), cell('h', { colspan: 2 })],
          [cell('i', { colspan: 2 }), cell('j', { colspan: 2, rowspan: 2 })],
          [cell('k'), cell('l')],
        ],
        1,
      ),
    );
    expect(grid.warnings).toEqual([]);
    expect(picture(grid)).toEqual(['a b c d', '^ ^ e f', '^ g h <', 'i < j <', 'k l ^ <']);
    expect(grid.headerRows).toBe(1);
    // Cells in reading order, each with its top-left slot and spans.
    expect(grid.cells.map(({ cell: c, row, col, rowspan, colspan }) => [textOf(c), row, col, rowspan, colspan])).toEqual([
      ['a', 0, 0, 3, 1],
      ['b', 0, 1, 2, 1],
      ['c', 0, 2, 1, 1],
      ['d', 0, 3, 1, 1],
      ['e', 1, 2, 1, 1],
      ['f', 1, 3, 1, 1],
      ['g', 2, 1, 1, 1],
      ['h', 2, 2, 1, 2],
      ['i', 3, 0, 1, 2],
      ['j', 3, 2, 2, 2],
      ['k', 4, 0, 1, 1],
      ['l', 4, 1, 1, 1],
    ]);
    // Every slot a cell covers refers to that very cell.
    const j = grid.cells.find((p) => textOf(p.cell) === 'j')!;
    expect([grid.slots[3]![3], grid.slots[4]![2], grid.slots[4]![3]]).toEqual([j, j, j]);
  });

  it('clamps a rowspan that runs past the last row and a colspan past the last column', () => {
    const grid = placeCells(table(3, [[cell('a', { rowspan: 5, ref: 'in:1' }), cell('b', { colspan: 4, ref: 'in:2' })], [cell('c'), cell('d')]]));
    expect(picture(grid)).toEqual(['a b <', '^ c d']);
    expect(grid.cells.map((p) => [p.rowspan, p.colspan])).toEqual([
      [2, 1],
      [1, 2],
      [1, 1],
      [1, 1],
    ]);
    expect(grid.warnings).toEqual([
      { code: 'TABLE_SHAPE', message: '表格第 1 行的单元格跨行或跨列超出表格，已截短', ref: 'in:1' },
      { code: 'TABLE_SHAPE', message: '表格第 1 行的单元格跨行或跨列超出表格，已截短', ref: 'in:2' },
    ]);
  });

  it('stops a colspan at a slot a rowspan from above holds', () => {
    const grid = placeCells(table(3, [[cell('a'), cell('b', { rowspan: 2 }), cell('c')], [cell('d', { colspan: 3 }), cell('e')]]));
    expect(picture(grid)).toEqual(['a b c', 'd ^ e']);
    expect(grid.warnings.map((w) => w.message)).toEqual(['表格第 2 行的单元格跨行或跨列超出表格，已截短']);
  });

  it('drops cells past the last column, leaves a short row blank, with a warning for each', () => {
    const grid = placeCells(table(2, [[cell('a'), cell('b'), cell('extra', { ref: 'in:1' }), cell('more')], [cell('c')], [cell('d'), cell('e')]]));
    expect(picture(grid)).toEqual(['a b', 'c .', 'd e']);
    expect(grid.cells).toHaveLength(5);
    // One warning for the dropped cells (the first of them named), one for the gap.
    expect(grid.warnings).toEqual([
      { code: 'TABLE_SHAPE', message: '表格第 1 行的单元格多于 2 列，多出的已略去', ref: 'in:1' },
      { code: 'TABLE_SHAPE', message: '表格第 2 行的单元格少于 2 列，空位留白' },
    ]);
  });

  it('counts a span that is not a whole number of at least 1 as 1, and says so', () => {
    const grid = placeCells(table(2, [[cell('a', { colspan: 0 }), cell('b', { rowspan: Number.NaN })], [cell('c', { colspan: 1.5 }), cell('d')]]));
    expect(picture(grid)).toEqual(['a b', 'c d']);
    expect(grid.cells.every((p) => p.rowspan === 1 && p.colspan === 1)).toBe(true);
    expect(grid.warnings.map((w) => w.message)).toEqual([
      '表格第 1 行的单元格跨行或跨列超出表格，已截短',
      '表格第 1 行的单元格跨行或跨列超出表格，已截短',
      '表格第 2 行的单元格跨行或跨列超出表格，已截短',
    ]);
  });

  it('limits the header rows to the rows there are, warning first', () => {
    const grid = placeCells(table(1, [[cell('a')], []], 3));
    expect(grid.headerRows).toBe(2);
    expect(grid.warnings.map((w) => w.message)).toEqual(['表头行数 3 超过表格行数 2', '表格第 2 行的单元格少于 1 列，空位留白']);
    expect(placeCells(table(1, [], 1))).toMatchObject({ cells: [], slots: [], headerRows: 0 });
  });
});
