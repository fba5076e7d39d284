/**
 * pdfmake's page-break bookkeeping after a table row, done in time proportional to the row
 * (src/render/paged/page-breaks.ts), leaves every break as pdfmake's own method does:
 * checked against it, kept before patching, on random rows (several breaks on one page,
 * breaks on pages the table has not reached, span breaks ending before or after the row).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { installLinearPageBreaks, layoutBuilderPrototype, updatePageBreaks, type RecordedBreak, type TableProgress } from '../../../src/render/paged/page-breaks.js';

const proto = layoutBuilderPrototype();
const original = proto._updatePageBreaksData;
installLinearPageBreaks();

const page = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constantFrom(-0, Number.NaN));
const recorded = fc.record({ prevPage: page, prevY: fc.integer({ min: 0, max: 800 }), rowIndexOfSpanEnd: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }) }, { requiredKeys: ['prevPage', 'prevY'] });
const row = fc.record({
  // A key pdfmake never makes ("NaN") too: it reads back as no page.
  bottom: fc.dictionary(fc.oneof(fc.integer({ min: 0, max: 6 }).map(String), fc.constant('NaN')), fc.integer({ min: 0, max: 800 })),
  pageBreaks: fc.array(recorded, { maxLength: 4 }),
  spans: fc.option(fc.array(recorded, { maxLength: 5 }), { nil: undefined }),
  /** Span breaks that are also breaks of the row (the same objects in both lists). */
  shared: fc.nat(2),
  rowIndex: fc.integer({ min: 0, max: 8 }),
});

type Row = typeof row extends fc.Arbitrary<infer T> ? T : never;

/** The row's breaks and the table, fresh (each method changes them in place). */
function state(r: Row): { pageBreaks: RecordedBreak[]; table: TableProgress } {
  const pageBreaks = r.pageBreaks.map((b) => ({ ...b }));
  const spans = r.spans?.map((b) => ({ ...b }));
  if (spans) spans.push(...pageBreaks.slice(0, r.shared));
  return { pageBreaks, table: spans === undefined ? { _bottomByPage: { ...r.bottom } } : { _bottomByPage: { ...r.bottom }, _breaksBySpan: spans } };
}

describe('page breaks after a table row', () => {
  it('are raised to the table’s bottom exactly as pdfmake raises them', () => {
    fc.assert(
      fc.property(row, (r) => {
        const mine = state(r);
        const theirs = state(r);
        updatePageBreaks(mine.pageBreaks, mine.table, r.rowIndex);
        original.call(proto, theirs.pageBreaks, theirs.table, r.rowIndex);
        expect(mine).toEqual(theirs);
      }),
      { numRuns: 3000 },
    );
  });

  it('is what pdfmake uses once installed', () => {
    expect(proto._updatePageBreaksData).toBe(updatePageBreaks);
    expect(original).not.toBe(updatePageBreaks);
  });
});
