/**
 * File names made from project names: readable (`03-广州追加…财政补助#穗财社（2024）40号`),
 * but safe on every file system a finance office uses: no path separators, control or
 * reserved characters, no Windows device names, bounded length.
 */
const UNSAFE = /[\u0000-\u001f\u007f<>:"/\\|?*]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
/** Bytes, not characters: most file systems limit a name to 255 bytes of UTF-8. */
const MAX_NAME_BYTES = 180;

export function safeName(name: string): string {
  let s = name.normalize('NFC').replace(UNSAFE, '_').replace(/\s+/g, ' ').trim();
  s = s.replace(/^[. ]+|[. ]+$/g, '');
  if (s === '') s = '未命名';
  if (WINDOWS_DEVICE.test(s)) s = `_${s}`;
  return truncateUtf8(s, MAX_NAME_BYTES);
}

function truncateUtf8(s: string, max: number): string {
  const enc = new TextEncoder();
  if (enc.encode(s).length <= max) return s;
  let out = '';
  for (const ch of s) {
    if (enc.encode(out + ch).length > max - 3) break;
    out += ch;
  }
  return `${out}…`;
}

/**
 * `NN-name` for each project in order; NN (its position, zero-padded to the count's width)
 * keeps names unique even when two projects share a name.
 */
export function printoutBaseNames(names: string[]): string[] {
  const width = Math.max(2, String(names.length).length);
  return names.map((name, i) => `${String(i + 1).padStart(width, '0')}-${safeName(name)}`);
}
