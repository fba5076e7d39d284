/**
 * Tab-separated text as Excel writes it: cells that contain tabs, quotes or line breaks
 * are wrapped in double quotes, with `""` for a quote. Each row remembers the line it
 * starts on, so messages can point at it. Unquoted cells are sliced, not built character
 * by character: a city's export runs to tens of megabytes.
 */
export interface TsvRow {
  cells: string[];
  /** 1-based line where the row starts. */
  line: number;
  /** Offset in the text where each cell starts, then where the row ends (before its line break). */
  offsets: number[];
}

export interface TsvResult {
  rows: TsvRow[];
  /** Set when the text ends inside a quoted cell: the file was cut off mid-row. */
  unterminatedQuoteLine: number | null;
}

export function parseTsv(text: string): TsvResult {
  const rows: TsvRow[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  let cells: string[] = [];
  let offsets: number[] = [];
  let rowLine = 1;
  while (i < n) {
    let cell: string;
    offsets.push(i);
    if (text[i] === '"') {
      const start = line;
      const parts: string[] = [];
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return { rows, unterminatedQuoteLine: start };
        parts.push(text.slice(j, q));
        if (text[q + 1] === '"') {
          parts.push('"');
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      // Inside a quoted cell a CRLF is one line break.
      cell = parts.join('').replace(/\r\n?/g, '\n');
      line += countNewlines(cell);
      // Anything between the closing quote and the next separator belongs to the cell.
      const end = nextSeparator(text, i);
      cell += text.slice(i, end);
      i = end;
    } else {
      const end = nextSeparator(text, i);
      cell = text.slice(i, end);
      i = end;
    }
    cells.push(cell);
    if (text[i] === '\t') {
      i++;
      if (i === n) {
        cells.push('');
        offsets.push(i);
      }
      continue;
    }
    // End of row: LF, CR or CRLF, or the end of the text.
    offsets.push(i);
    rows.push({ cells, line: rowLine, offsets });
    cells = [];
    offsets = [];
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    if (i < n) {
      i++;
      line++;
      rowLine = line;
    }
  }
  if (cells.length > 0) rows.push({ cells, line: rowLine, offsets: [...offsets, n] });
  return { rows, unterminatedQuoteLine: null };
}

function nextSeparator(text: string, from: number): number {
  for (let k = from; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 9 || c === 10 || c === 13) return k;
  }
  return text.length;
}

function countNewlines(s: string): number {
  let count = 0;
  for (let k = s.indexOf('\n'); k >= 0; k = s.indexOf('\n', k + 1)) count++;
  return count;
}
