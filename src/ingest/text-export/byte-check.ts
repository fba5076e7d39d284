/**
 * Where bytes are not valid UTF-8 or GB18030, found in one pass each, the way a WHATWG
 * decoder (Node's TextDecoder) sees them: each maximal invalid sequence is one error and
 * becomes one U+FFFD, and a sequence cut off by the end of the file is one error too.
 */

/** The bytes of one invalid sequence, and the line they are on. */
export interface BadBytes {
  /** 1-based; LF, CR and CRLF each end a line, as the TSV parser counts them. */
  line: number;
  /** `E4 BD`: the bytes as hex. */
  bytes: string;
}

export interface ByteCheck {
  /** Invalid sequences, in all. */
  errors: number;
  /** Multi-byte sequences that are valid. */
  valid: number;
  /** The first invalid sequence of each line that has one. */
  lines: BadBytes[];
}

/** A scanner step: how many bytes from `i` form one character, negative for an error of that many bytes. */
type Step = (b: Uint8Array, i: number) => number;

export const checkUtf8 = (b: Uint8Array): ByteCheck => scan(b, utf8Step);
export const checkGb18030 = (b: Uint8Array): ByteCheck => scan(b, gb18030Step);

function scan(b: Uint8Array, step: Step): ByteCheck {
  const result: ByteCheck = { errors: 0, valid: 0, lines: [] };
  let line = 1;
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) {
      if (c === 0x0a || (c === 0x0d && b[i + 1] !== 0x0a)) line++;
      i++;
      continue;
    }
    const n = step(b, i);
    if (n > 0) {
      result.valid++;
      i += n;
      continue;
    }
    result.errors++;
    if (result.lines.at(-1)?.line !== line) result.lines.push({ line, bytes: hex(b.subarray(i, i - n)) });
    i -= n;
  }
  return result;
}

function utf8Step(b: Uint8Array, i: number): number {
  const c = b[i]!;
  let need: number;
  let lower = 0x80;
  let upper = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) need = 1;
  else if (c >= 0xe0 && c <= 0xef) {
    need = 2;
    if (c === 0xe0) lower = 0xa0; // no overlong forms
    if (c === 0xed) upper = 0x9f; // no surrogates
  } else if (c >= 0xf0 && c <= 0xf4) {
    need = 3;
    if (c === 0xf0) lower = 0x90;
    if (c === 0xf4) upper = 0x8f; // nothing above U+10FFFF
  } else return -1;
  let j = i + 1;
  for (let k = 0; k < need; k++, j++) {
    const d = b[j];
    // A byte that cannot continue the sequence ends the error and is read again on its own.
    if (d === undefined || d < lower || d > upper) return -(j - i);
    lower = 0x80;
    upper = 0xbf;
  }
  return j - i;
}

function gb18030Step(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c === 0x80) return 1; // the euro sign, in WHATWG's GB18030
  if (c === 0xff) return -1;
  const d = b[i + 1];
  if (d === undefined) return -1;
  if ((d >= 0x40 && d <= 0x7e) || (d >= 0x80 && d <= 0xfe)) return 2;
  if (d >= 0x30 && d <= 0x39) {
    // Four bytes: lead, digit, lead, digit; cut off by the end of the file, one error.
    const e = b[i + 2];
    const f = b[i + 3];
    if (e === undefined || (e >= 0x81 && e <= 0xfe && f === undefined)) return -(b.length - i);
    if (!(e >= 0x81 && e <= 0xfe && f! >= 0x30 && f! <= 0x39)) return -1;
    // Only two ranges of four-byte pointers map to characters (the BMP rest, and U+10000 on).
    const pointer = (((c - 0x81) * 10 + (d - 0x30)) * 126 + (e - 0x81)) * 10 + (f! - 0x30);
    return pointer <= 39419 || (pointer >= 189000 && pointer <= 1237575) ? 4 : -4;
  }
  // An ASCII byte after a lead byte is read again on its own; anything else goes with it.
  return d < 0x80 ? -1 : -2;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (x) => x.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}
