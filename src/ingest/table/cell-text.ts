/**
 * Cleans what budget systems wrap around cell text: `<p>`/`<br>` markup and HTML
 * entities. Only known tags are removed, so text such as `<1%` or `a<b` survives.
 */
const BLOCK_TAG = /<\/?(?:p|div|span|font|b|strong|i|em|u)(?:\s[^<>]*)?>/gi;
const BREAK_TAG = /<br\s*\/?>/gi;
const ENTITY = /&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi;

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  mdash: '—',
  hellip: '…',
};

export function cleanCellText(raw: string): string {
  const text = raw
    .replace(BREAK_TAG, '\n')
    .replace(/<\/p>\s*<p(?:\s[^<>]*)?>/gi, '\n')
    .replace(BLOCK_TAG, '')
    .replace(ENTITY, decodeEntity);
  return text
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/^\n+|\n+$/g, '');
}

function decodeEntity(whole: string, body: string): string {
  if (body[0] === '#') {
    const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  }
  return NAMED[body.toLowerCase()] ?? whole;
}
