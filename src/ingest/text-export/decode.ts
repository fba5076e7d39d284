/**
 * Bytes → text for exports from Windows tools: UTF-8 with or without BOM, UTF-16LE/BE
 * (Excel's "Unicode text"), or GB18030/GBK. Node's TextDecoder (full ICU) decodes all of
 * them; the work is deciding which one it is, and saying where bytes were not valid.
 */
import { error, limitRepeats, type Diagnostic } from '../../model/diagnostic.js';
import { checkGb18030, checkUtf8, type BadBytes } from './byte-check.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface Decoded {
  text: string;
  encoding: Encoding;
  /** Whether the bytes start with a byte order mark (dropped from `text`). */
  bom: boolean;
  /** Lines holding bytes that are not valid in the encoding (each shown as U+FFFD). */
  invalid: BadBytes[];
}

export function decodeText(bytes: Uint8Array): Decoded {
  const utf8Bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const marked = utf8Bom ? null : utf16ByMark(bytes);
  const utf16 = utf8Bom ? null : (marked ?? guessBomlessUtf16(bytes));
  // TextDecoder drops a BOM that matches its encoding.
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16, bom: marked !== null, invalid: [] };
  const utf8 = checkUtf8(bytes);
  let encoding: Encoding = 'utf-8';
  let invalid = utf8.lines;
  // A few bad bytes in UTF-8 text are damage; GBK text is mostly invalid as UTF-8. Only a
  // file that reads better as GB18030 is GB18030.
  if (!utf8Bom && utf8.errors > utf8.valid) {
    const gb = checkGb18030(bytes);
    if (gb.errors < utf8.errors) [encoding, invalid] = ['gb18030', gb.lines];
  }
  return { text: new TextDecoder(encoding).decode(bytes), encoding, bom: utf8Bom, invalid };
}

/** UTF-8 as JSON and YAML must be, with the lines where it is not. */
export function decodeUtf8(bytes: Uint8Array): { text: string; invalid: BadBytes[] } {
  return { text: new TextDecoder('utf-8').decode(bytes), invalid: checkUtf8(bytes).lines };
}

/** INVALID_ENCODING at each line holding bytes that are not valid in the encoding read (at most 20, then how many more). */
export function invalidEncoding(lines: BadBytes[], encoding: string, file: string): Diagnostic[] {
  const ds = lines.map(({ line, bytes }) =>
    error('INVALID_ENCODING', `这一行有无法按 ${encoding} 解码的字节 ${bytes}（已显示为 �）：文件可能已损坏或下载不完整`, { file, line }),
  );
  return limitRepeats(ds, 'INVALID_ENCODING', 20);
}

function utf16ByMark(b: Uint8Array): Encoding | null {
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return null;
}

/** UTF-16 without BOM: ASCII-heavy text (tabs, digits) then has NUL in every other byte. */
function guessBomlessUtf16(b: Uint8Array): Encoding | null {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenNul++;
    if (b[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.2 && evenNul === 0) return 'utf-16le';
  if (evenNul > pairs * 0.2 && oddNul === 0) return 'utf-16be';
  return null;
}
