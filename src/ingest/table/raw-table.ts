/**
 * What every tabular reader (text export, workbook) hands on: rows of cell texts, each
 * cell knowing where it came from. ./read-table.ts turns them into the model.
 */
import type { Source } from '../../model/types.js';

export interface RawCell {
  text: string;
  /** The value when the source stored a number (a spreadsheet cell). */
  number?: number;
  source: Source;
}

export interface RawRow {
  cells: RawCell[];
  source: Source;
}
