/**
 * Text as the review compares it. Records mix full- and half-width forms (`；`/`;`, `：`/`:`,
 * `（`/`(`: docs/official-format.md §4) and stray spaces, none of which changes what a goal or
 * an indicator says; compact() drops those differences and nothing else.
 */

/** NFKC (full-width to half-width, ＞ to >), then without whitespace and punctuation. */
export function compact(text: string): string {
  return text.normalize('NFKC').replace(/[\s\p{P}]/gu, '');
}

/** NFKC and without whitespace: for reading values, where punctuation like `%` matters. */
export function squeeze(text: string): string {
  return text.normalize('NFKC').replace(/\s/g, '');
}
