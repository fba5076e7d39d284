/**
 * Reader for the official text export: tab-separated rows under a few title lines, in
 * whatever encoding and line ending the exporting tool used.
 */
import { error, InputError } from '../../model/diagnostic.js';
import { decodeText, invalidEncoding } from './decode.js';
import type { RawRow } from '../table/raw-table.js';
import { tableToPublication } from '../table/read-table.js';
import { type ReadResult } from '../read-result.js';
import { parseTsv } from './tsv.js';

export function readTextExport(bytes: Uint8Array, file: string): ReadResult {
  const { text, encoding, invalid } = decodeText(bytes);
  const tsv = parseTsv(text);
  const rows: RawRow[] = tsv.rows.map((r) => {
    const source = { file, line: r.line };
    return { source, cells: r.cells.map((text) => ({ text, source })) };
  });
  const encodingErrors = invalidEncoding(invalid, encoding.toUpperCase(), file);
  let result: ReadResult;
  try {
    result = tableToPublication(rows, file, true);
  } catch (e) {
    // Bad bytes in the header row hide it: say so, at their line.
    const first = encodingErrors[0];
    if (!(e instanceof InputError) || e.code !== 'HEADER_NOT_FOUND' || !first) throw e;
    throw new InputError(e.code, `${e.message}；文件中有无法按 ${encoding.toUpperCase()} 解码的字节，可能是文件已损坏`, first.source);
  }
  if (tsv.unterminatedQuoteLine !== null) {
    result.diagnostics.push(
      error('TRUNCATED_ROW', '文件在一个带引号的单元格中结束：文件被截断，或引号不成对', {
        file,
        line: tsv.unterminatedQuoteLine,
      }),
    );
  }
  return { ...result, diagnostics: [...encodingErrors, ...result.diagnostics] };
}
