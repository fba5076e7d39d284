/**
 * Bytes → text for exports from Windows tools: UTF-8 with or without BOM, UTF-16LE/BE
 * (Excel's "Unicode text"), or GB18030/GBK. Node's TextDecoder (full ICU) decodes all of
 * them, so the only work is deciding which one it is.
 */
export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface Decoded {
  text: string;
  encoding: Encoding;
}

export function decodeText(bytes: Uint8Array): Decoded {
  const encoding = detectEncoding(bytes);
  // TextDecoder drops a BOM that matches its encoding.
  const text = new TextDecoder(encoding, { fatal: false }).decode(bytes);
  return { text, encoding };
}

function detectEncoding(b: Uint8Array): Encoding {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  const utf16 = guessBomlessUtf16(b);
  if (utf16) return utf16;
  // Valid UTF-8 is almost never also plausible GB18030 text of any length; try it strictly first.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
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
