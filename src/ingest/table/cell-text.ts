/**
 * Cleans what budget systems wrap around cell text: `<p>`/`<br>` markup and HTML
 * entities. Only known tags written as tags are removed (a name, then attributes `a`,
 * `a=b`, `a="b"` or `a='b'`), so text such as `<1%`, `a<b` or `a<b && c>d` survives.
 */
const ATTRIBUTES = `(?:\\s+[a-z_:][-a-z0-9_:.]*(?:\\s*=\\s*(?:"[^"]*"|'[^']*'|[^\\s"'=<>\`]+))?)*\\s*\\/?`;
const BLOCK_TAG = new RegExp(`<\\/?(?:p|div|span|font|b|strong|i|em|u)${ATTRIBUTES}>`, 'gi');
const PARAGRAPH_BREAK = new RegExp(`<\\/p\\s*>\\s*<p${ATTRIBUTES}>`, 'gi');
const BREAK_TAG = new RegExp(`<br${ATTRIBUTES}>`, 'gi');
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
  // Most cells hold no markup at all: nothing to do but trim.
  const text = !raw.includes('<') && !raw.includes('&') ? raw : raw
    .replace(BREAK_TAG, '\n')
    .replace(PARAGRAPH_BREAK, '\n')
    .replace(BLOCK_TAG, '')
    .replace(ENTITY, decodeEntity);
  // Each line trimmed, then blank lines at either end dropped (by index: a regex `\n+$`
  // would retry every run of blank lines to its end).
  const lines = text.split('\n').map((l) => l.trim());
  let first = 0;
  let last = lines.length;
  while (first < last && lines[first] === '') first++;
  while (last > first && lines[last - 1] === '') last--;
  return lines.slice(first, last).join('\n');
}

function decodeEntity(whole: string, body: string): string {
  if (body[0] === '#') {
    const cp = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  }
  return NAMED[body.toLowerCase()] ?? whole;
}
