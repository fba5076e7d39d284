/**
 * Characters no document can hold: XML 1.0 (inside .docx and .xlsx, and pubtable's layout
 * markup) forbids C0 controls other than tab, line feed and carriage return, U+FFFE, U+FFFF
 * and lone surrogates, and a PDF would print them as boxes. Readers refuse them where the
 * input has them, so that `validate` and `build` agree.
 */

export interface InvalidCharacter {
  /** UTF-16 index in the text. */
  index: number;
  codePoint: number;
}

/** The first character of `text` that no output can hold, or null. */
export function findInvalidCharacter(text: string): InvalidCharacter | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20) {
      if (c !== 0x09 && c !== 0x0a && c !== 0x0d) return { index: i, codePoint: c };
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return { index: i, codePoint: c };
    } else if ((c >= 0xdc00 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) {
      return { index: i, codePoint: c };
    }
  }
  return null;
}

/** `U+0001（控制字符）`: how messages name such a character. */
export function describeInvalidCharacter(codePoint: number): string {
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  if (codePoint < 0x20) return `${hex}（控制字符）`;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return `${hex}（不成对的代理码位）`;
  return `${hex}（非字符）`;
}

/** The message for a field holding such a character; `field` names it (`绩效目标`, `units[0].name`). */
export function invalidCharacterMessage(field: string, found: InvalidCharacter): string {
  return `${field}中有无法输出的字符 ${describeInvalidCharacter(found.codePoint)}（第${found.index + 1}个字符）：请删除或改为可见字符`;
}

const INVALID = /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The text with each such character shown as `<U+0001>`: for messages, which quote the input. */
export function showInvalidCharacters(text: string): string {
  return text.replace(INVALID, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}
