/**
 * A workbook zipped from its parts as exceljs writes them, not from the zip exceljs makes.
 *
 * exceljs only hands over a zip: it gives each part (XML text) to its zip writer, which packs
 * them all. pubtable zips the parts itself (../zip.ts), so the zip was read back at once:
 * every part copied and checksummed into an archive, the archive parsed, every part copied
 * out again. Here exceljs's zip writer, asked with a collecting option, keeps the parts
 * instead, as it was given them: the same parts, without the round trip (≈ 1 of a
 * printout's 3.5–4 ms of XLSX, and a large sheet copied twice less).
 *
 * The zip writer is exceljs's (lib/utils/zip-stream.js, the one its XLSX class loads, as
 * ./workbook-class.ts loads the Workbook class): should it no longer be there, `null` says
 * to unzip what exceljs zips.
 */
import { createRequire } from 'node:module';
import type ExcelJS from 'exceljs';
import { normalizeZip, zipParts, type ZipEdits, type ZipParts } from '../zip.js';

/** The option that makes exceljs's zip writer keep the parts in a map. */
const COLLECT = Symbol('collect parts');

interface ZipWriter {
  options: { [COLLECT]?: Map<string, string | Uint8Array> };
  stream: { end(chunk?: unknown): void };
  append(data: string | Uint8Array, options: { name: string; base64?: boolean }): void;
  finalize(): Promise<void>;
  emit(event: string): boolean;
}

let installed: boolean | null = null;
let enabled = true;
/** Workbooks whose parts were kept: for the test that checks the round trip is skipped. */
export const partsStats = { collected: 0 };

/** Turns collecting off (exceljs zips, the zip is read back): for tests that compare the two. */
export function setCollectedParts(on: boolean): void {
  enabled = on;
}

/** The workbook as pubtable zips it (../zip.ts): from its parts, else from exceljs's zip. */
export async function zipWorkbook(workbook: ExcelJS.Workbook, date: Date, edits: ZipEdits): Promise<Uint8Array> {
  const parts = await workbookParts(workbook);
  if (parts) return zipParts(parts, date, edits);
  // Zip without compression here: normalizeZip compresses once, with fixed dates and order.
  const raw = await workbook.xlsx.writeBuffer({ zip: { compression: 'STORE' } });
  return normalizeZip(new Uint8Array(raw as ArrayBuffer), date, edits);
}

/** The parts exceljs writes for `workbook`, or null when they can only be had zipped. */
export async function workbookParts(workbook: ExcelJS.Workbook): Promise<ZipParts | null> {
  if (!enabled || !install()) return null;
  const parts = new Map<string, string | Uint8Array>();
  // exceljs hands `zip` to its zip writer as its options; the types know only jszip's.
  const options: unknown = { zip: { [COLLECT]: parts } };
  await workbook.xlsx.writeBuffer(options as Partial<ExcelJS.XlsxWriteOptions>);
  partsStats.collected++;
  return parts;
}

function install(): boolean {
  if (installed !== null) return installed;
  let proto: Partial<ZipWriter> | undefined;
  try {
    const zipStream = createRequire(import.meta.url)('exceljs/lib/utils/zip-stream.js') as { ZipWriter?: { prototype: ZipWriter } };
    proto = zipStream.ZipWriter?.prototype;
  } catch {
    proto = undefined;
  }
  const { append, finalize } = proto ?? {};
  installed = typeof append === 'function' && typeof finalize === 'function';
  if (!installed) return false;
  proto!.append = function (this: ZipWriter, data, options) {
    const parts = this.options[COLLECT];
    if (!parts) return append!.call(this, data, options);
    // What jszip would store: base64 text (media) as its bytes.
    parts.set(options.name, options.base64 ? Buffer.from(data as string, 'base64') : data);
  };
  proto!.finalize = async function (this: ZipWriter) {
    if (!this.options[COLLECT]) return finalize!.call(this);
    this.stream.end();
    this.emit('finish');
  };
  return true;
}
