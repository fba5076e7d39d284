/**
 * A workbook that unpacks to far more than it weighs is refused before exceljs sees it,
 * quickly and in little memory, whether its directory tells the truth about the size or not.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readAny } from '../../src/ingest/index.js';
import { InputError } from '../../src/model/diagnostic.js';
import { MAX_ENTRIES } from '../../src/ingest/zip-limits.js';

const SHEET = 'xl/worksheets/sheet1.xml';

/** A ZIP whose sheet holds 8 MB of spaces, with the size its directory declares for it set to `declared`. */
async function zipDeclaring(declared: number): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<Types/>');
  zip.file(SHEET, Buffer.alloc(8 * 1024 * 1024, 0x20));
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  const name = Buffer.from(SHEET);
  for (let i = 0; i + 46 + name.length < bytes.length; i++) {
    if (bytes.readUInt32LE(i) === 0x02014b50 && bytes.subarray(i + 46, i + 46 + name.length).equals(name)) bytes.writeUInt32LE(declared, i + 24);
    if (bytes.readUInt32LE(i) === 0x04034b50 && bytes.subarray(i + 30, i + 30 + name.length).equals(name)) bytes.writeUInt32LE(declared, i + 22);
  }
  return bytes;
}

async function refusal(bytes: Uint8Array): Promise<string> {
  const e = await readAny(bytes, 'bomb.xlsx').catch((x: unknown) => x);
  expect(e).toBeInstanceOf(InputError);
  const err = e as InputError;
  expect(err.source).toEqual({ file: 'bomb.xlsx' });
  return `${err.code} ${err.message}`;
}

describe('workbook size limits', () => {
  it('an archive declaring more than 256 MB unpacked is refused without unpacking it', async () => {
    expect(await refusal(await zipDeclaring(300 * 1024 * 1024))).toBe(
      'WORKBOOK_TOO_LARGE 无法读取 Excel 工作簿：解压后超过 256 MB，可能是损坏或恶意构造的文件',
    );
  });

  it('an entry holding more than it declares is refused once it passes its declared size', async () => {
    expect(await refusal(await zipDeclaring(5000))).toBe('WORKBOOK_TOO_LARGE 无法读取 Excel 工作簿：某个部件解压后比它声明的大，可能是损坏或恶意构造的文件');
  });

  it('an entry declaring its true size is read on (here: not a workbook)', async () => {
    expect(await refusal(await zipDeclaring(8 * 1024 * 1024))).toMatch(/^NOT_A_WORKBOOK /);
  });

  it(`an archive of more than ${MAX_ENTRIES} parts is refused`, async () => {
    const zip = new JSZip();
    for (let i = 0; i <= MAX_ENTRIES; i++) zip.file(`p${i}`, '');
    const bytes = await zip.generateAsync({ type: 'uint8array' });
    expect(await refusal(bytes)).toBe(`WORKBOOK_TOO_LARGE 无法读取 Excel 工作簿：包含 ${MAX_ENTRIES + 1} 个部件，超过上限 ${MAX_ENTRIES}，可能是损坏或恶意构造的文件`);
  });
});
