/**
 * A workbook (and an OFD) is a ZIP, and a ZIP can hold far more than it weighs: a few hundred KB that
 * unpack to gigabytes (a "zip bomb") would take the reader's memory and time without end.
 * Before a workbook reaches exceljs, every entry is unpacked here with a hard ceiling on its
 * size (the size the archive declares, itself bounded), so a lying or hostile archive is
 * refused with a message in bounded time and memory.
 */
import { inflateRawSync } from 'node:zlib';
import { InputError } from '../model/diagnostic.js';

/** Far above any real table (a 10,000-project workbook unpacks to about 40 MB). */
export const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;
export const MAX_ENTRIES = 10_000;

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

/** What the ZIP is, for the message: its code and its name. */
export interface ZipKind {
  code: string;
  what: string;
}

const WORKBOOK: ZipKind = { code: 'WORKBOOK_TOO_LARGE', what: 'Excel 工作簿' };

export function checkZipLimits(bytes: Uint8Array, file: string, kind: ZipKind = WORKBOOK): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const refuse = (why: string): never => {
    throw new InputError(kind.code, `无法读取 ${kind.what}：${why}，可能是损坏或恶意构造的文件`, { file });
  };
  const end = findEnd(view);
  // No directory: not a ZIP pubtable can check; exceljs will say it cannot read it.
  if (end < 0) return;
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (entries > MAX_ENTRIES) refuse(`包含 ${entries} 个部件，超过上限 ${MAX_ENTRIES}`);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > view.byteLength || view.getUint32(at, true) !== DIRECTORY_ENTRY) return;
    const method = view.getUint16(at + 10, true);
    const packed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const local = view.getUint32(at + 42, true);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    total += size;
    // 0xFFFFFFFF is ZIP64's "see elsewhere": sizes no real table needs.
    if (size === 0xffffffff || total > MAX_UNPACKED_BYTES) refuse(`解压后超过 ${MAX_UNPACKED_BYTES / 1024 / 1024} MB`);
    if (method === 8) inflateWithin(bytes, view, local, packed, size, refuse);
  }
}

/** The end-of-directory record: in the last 64 KB + 22 bytes (its comment is at most 64 KB). */
function findEnd(view: DataView): number {
  for (let i = view.byteLength - 22; i >= Math.max(0, view.byteLength - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === END_OF_DIRECTORY) return i;
  }
  return -1;
}

/** Unpacks one entry, stopping at the size it declares: an entry that says less than it holds is refused. */
function inflateWithin(bytes: Uint8Array, view: DataView, local: number, packed: number, size: number, refuse: (why: string) => never): void {
  if (local + 30 > view.byteLength || view.getUint32(local, true) !== LOCAL_HEADER) return;
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  try {
    inflateRawSync(bytes.subarray(start, start + packed), { maxOutputLength: Math.max(1, size) });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') refuse('某个部件解压后比它声明的大');
    // A damaged entry: exceljs will say the file cannot be read.
  }
}
