/**
 * The readers' one entry point: pick the reader by content (a ZIP is a workbook) and
 * extension (.json/.yaml/.yml are canonical data; anything else is a text export), read.
 * What a reader gives is what the file says; ../validate/ checks whether it adds up.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { InputError } from '../model/diagnostic.js';
import type { ReadResult } from './read-result.js';
import { decodeUtf8, invalidEncoding } from './text-export/decode.js';
import { readTextExport } from './text-export/reader.js';

/** What the file at `file` says, without checking whether it adds up. */
export async function readPublication(file: string): Promise<ReadResult> {
  return readAny(await readInput(file), file);
}

export type InputKind = 'workbook' | 'pdf' | 'ofd' | 'canonical' | 'text-export';

/**
 * Which reader `bytes` of `file` are for: an .ofd is pubtable's own OFD (a ZIP, its records
 * inside), any other ZIP (or .xlsx) a workbook, a PDF pubtable's own PDF (its records inside),
 * .json/.yaml/.yml canonical data, the rest a text export.
 */
export function inputKind(bytes: Uint8Array, file: string): InputKind {
  const ext = extname(file).toLowerCase();
  if (ext === '.ofd') return 'ofd';
  if ((bytes[0] === 0x50 && bytes[1] === 0x4b) || ext === '.xlsx') return 'workbook';
  if (PDF_HEADER.every((b, i) => bytes[i] === b) || ext === '.pdf') return 'pdf';
  return ext === '.json' || ext === '.yaml' || ext === '.yml' ? 'canonical' : 'text-export';
}

export async function readAny(bytes: Uint8Array, file: string): Promise<ReadResult> {
  const kind = inputKind(bytes, file);
  // exceljs, yaml and ajv take a while to load: only when the input needs them.
  if (kind === 'workbook') return (await import('./workbook.js')).readWorkbook(bytes, file);
  if (kind === 'pdf') return (await import('./pdf/records.js')).readPdfRecords(bytes, file);
  if (kind === 'ofd') return (await import('./ofd/records.js')).readOfdRecords(bytes, file);
  if (kind === 'canonical') {
    const { text, invalid } = decodeUtf8(bytes);
    const r = (await import('./canonical/reader.js')).readCanonical(text, file);
    return { ...r, diagnostics: [...invalidEncoding(invalid, 'UTF-8', file), ...r.diagnostics] };
  }
  return readTextExport(bytes, file);
}

/** `%PDF-` */
const PDF_HEADER = [0x25, 0x50, 0x44, 0x46, 0x2d];

/** The bytes of an input file; a file that cannot be read is FILE_UNREADABLE, saying why. */
export async function readInput(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个目录' : `无法读取（${code ?? String(e)}）`;
    throw new InputError('FILE_UNREADABLE', `无法打开输入文件：${why}`, { file });
  }
}
