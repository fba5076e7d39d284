/**
 * Tab-separated text as Excel writes it: cells that contain tabs, quotes or line breaks
 * are wrapped in double quotes, with `""` for a quote. Each row remembers the line it
 * starts on, so messages can point at it.
 */
export interface TsvRow {
  cells: string[];
  /** 1-based line where the row starts. */
  line: number;
}

export interface TsvResult {
  rows: TsvRow[];
  /** Set when the text ends inside a quoted cell: the file was cut off mid-row. */
  unterminatedQuoteLine: number | null;
}

export function parseTsv(text: string): TsvResult {
  const rows: TsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let quoteStart = 0;
  let atCellStart = true;

  const endRow = () => {
    cells.push(cell);
    rows.push({ cells, line: rowLine });
    cells = [];
    cell = '';
    atCellStart = true;
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (c === '\n') line++;
        // Inside a quoted cell a CRLF is one line break.
        if (c === '\r' && text[i + 1] === '\n') continue;
        cell += c;
      }
      continue;
    }
    if (c === '"' && atCellStart) {
      quoted = true;
      quoteStart = line;
      atCellStart = false;
    } else if (c === '\t') {
      cells.push(cell);
      cell = '';
      atCellStart = true;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      cell += c;
      atCellStart = false;
    }
  }
  if (quoted) return { rows, unterminatedQuoteLine: quoteStart };
  if (cells.length > 0 || cell !== '') endRow();
  return { rows, unterminatedQuoteLine: null };
}
