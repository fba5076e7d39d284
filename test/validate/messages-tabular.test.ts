/**
 * Every message a text export or a workbook can cause, made to fire by one small edit of
 * the fixture's rows and checked for its code, severity and place: the line in a text
 * export, the sheet and cell in a workbook. Each case asserts the whole list of messages:
 * nothing missing, nothing else. Inputs are read in this process (loadPublication: read +
 * validate), so that mutation testing sees the code run.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPublication } from '../../src/pipeline/load.js';
import { type Diagnostic } from '../../src/model/diagnostic.js';
import type { Source } from '../../src/model/types.js';
import { DISTINCT_ROWS, DISTINCT_TSV } from '../fixtures/distinct-publication.js';
import { Expected, Kind, Located, NAME, RowRef, SHEET, cellOf, expectExactly, fixtureGrid, lineOf, newPath, tsvOf, workbookOf } from './message-grid.js';
import { TableCase, TABLE_CASES } from './tabular-cases.js';

// ---- the cases for text exports and workbooks ----

async function loadTableCase(c: TableCase, kind: Kind): Promise<{ diagnostics: Diagnostic[]; expected: Located[] }> {
  const g = fixtureGrid();
  c.edit(g);
  let file: string;
  let at: (e: Expected) => Source;
  let ref: RowRef;
  if (kind === 'text') {
    file = newPath('txt');
    const tsv = c.text ? c.text(tsvOf(g)) : tsvOf(g);
    writeFileSync(file, c.bytes ? c.bytes(tsv) : tsv);
    at = (e) => ({ file, line: lineOf(g, e.row) });
    ref = (id) => `第${lineOf(g, id)}行`;
  } else {
    file = newPath('xlsx');
    writeFileSync(file, await workbookOf(g));
    at = (e) => ({ file, sheet: SHEET, cell: cellOf(g, e.row, e.column ?? NAME) });
    ref = (id) => cellOf(g, id, NAME);
  }
  const { diagnostics } = await loadPublication(file);
  const expected = c.expect.map((e) => ({
    code: e.code,
    severity: e.severity,
    source: at(e),
    says: typeof e.says === 'function' ? e.says(ref) : e.says,
  }));
  return { diagnostics, expected };
}

describe('messages about text exports and workbooks, at their line or cell', () => {
  it('the grid is the fixture: its rows sit on the lines the fixture states', () => {
    const g = fixtureGrid();
    expect(tsvOf(g)).toBe(DISTINCT_TSV);
    for (const r of DISTINCT_ROWS) expect(lineOf(g, r.name)).toBe(r.line);
    expect(cellOf(g, 'money-unit', NAME)).toBe('A5');
  });

  for (const kind of ['text', 'workbook'] as const) {
    describe(kind, () => {
      for (const c of TABLE_CASES.filter((x) => (x.kinds ?? ['text', 'workbook']).includes(kind))) {
        it(c.name, async () => {
          const { diagnostics, expected } = await loadTableCase(c, kind);
          expectExactly(diagnostics, expected);
        });
      }
    });
  }
});
