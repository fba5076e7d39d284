/**
 * Finding a message's record in the preview. The preview marks each cell with `data-ref`,
 * the place its record was read from (`file:12`, `file!Sheet!B7`); a message names a place
 * too. The record is the cell with that place, or else the last one before it in the same
 * file (a message about an indicator line points inside its project's record).
 */
interface Ref {
  file: string;
  /** A line, or a sheet's row. */
  at: number;
  sheet: string;
}

function parse(ref: string): Ref | null {
  const cell = /^(.*)!([^!]*)![A-Z]+(\d+)$/.exec(ref);
  if (cell) return { file: cell[1]!, sheet: cell[2]!, at: Number(cell[3]) };
  const line = /^(.*):(\d+)$/.exec(ref);
  return line ? { file: line[1]!, sheet: '', at: Number(line[2]) } : null;
}

export function findRecord(doc: Document, ref: string): Element | null {
  const marked = [...doc.querySelectorAll('[data-ref]')];
  const exact = marked.find((e) => e.getAttribute('data-ref') === ref);
  if (exact) return exact;
  const want = parse(ref);
  if (!want) return null;
  let best: { e: Element; at: number } | null = null;
  for (const e of marked) {
    const r = parse(e.getAttribute('data-ref') ?? '');
    if (r && r.file === want.file && r.sheet === want.sheet && r.at <= want.at && (!best || r.at > best.at)) best = { e, at: r.at };
  }
  return best?.e ?? null;
}

let lit: HTMLElement | null = null;

/** Shows `target`'s table row (or the element itself) in the middle of the preview, marked. */
export function highlight(target: Element): HTMLElement {
  const row = (target.closest('tr') ?? target) as HTMLElement;
  if (lit) {
    lit.style.removeProperty('outline');
    lit.style.removeProperty('background-color');
    lit.removeAttribute('data-highlight');
  }
  // Set through the style object: the preview's policy allows no new style sheets, and needs none.
  row.style.setProperty('outline', '3px solid #d97706');
  row.style.setProperty('background-color', '#fff4d6');
  row.setAttribute('data-highlight', 'true');
  row.scrollIntoView({ block: 'center' });
  lit = row;
  return row;
}
