/**
 * exceljs's Workbook class alone. The package's index also loads its streaming reader and
 * writer, which pubtable does not use: ≈ 0.1 s of every process that writes a workbook.
 */
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';

export const Workbook = createRequire(import.meta.url)('exceljs/lib/doc/workbook.js') as typeof ExcelJS.Workbook;
