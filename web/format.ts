/** How the page writes figures and places: exact decimal strings from the server, never floats. */

/** `3105.64` → `3,105.64`, by moving characters only. */
export function amount(decimal: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(decimal);
  if (!m) return decimal;
  return `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+$)/g, ',')}${m[3] ?? ''}`;
}

export interface Place {
  file: string;
  line?: number;
  sheet?: string;
  cell?: string;
}

/** `第 13 行`, `工作表 Sheet1 B7`, or nothing when the message is about the whole file. */
export function place(p: Place): string {
  if (p.sheet !== undefined) return `工作表 ${p.sheet} ${p.cell ?? ''}`.trim();
  return p.line !== undefined ? `第 ${p.line} 行` : '';
}
