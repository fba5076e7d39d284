/**
 * Canonical JSON or YAML as lines, with the few searches and edits the message tests need.
 */
// ---- canonical JSON and YAML ----

export type Format = 'json' | 'yaml';

/** A field line of either format: `  "key": value,` or `  - key: value`. */
export const FIELD = /^( *)(- )?"?([A-Za-z]+)"?:(?: (.*?))?(,?)$/;

/**
 * The canonical text as lines, with the few searches and edits the cases need. Lines are
 * found by key and value, never by number: the fixture's amounts all differ, so an amount
 * names its field.
 */
export class CanonicalText {
  readonly lines: string[];
  constructor(
    readonly format: Format,
    text: string,
  ) {
    this.lines = text.split('\n');
  }

  get text(): string {
    return this.lines.join('\n');
  }

  private field(n: number): RegExpExecArray | null {
    return FIELD.exec(this.lines[n - 1] ?? '');
  }

  /** 1-based line of the first `key: value` at or after line `from` (value compared unquoted; omitted: any value). */
  find(key: string, value?: string | number, from = 1): number {
    for (let n = from; n <= this.lines.length; n++) {
      const m = this.field(n);
      if (m && m[3] === key && (value === undefined || unquote(m[4]) === String(value))) return n;
    }
    throw new Error(`no ${key}: ${value ?? ''} after line ${from}`);
  }

  /** The column where the key (or, for `{`/`}` lines, the text) of line n starts. */
  private column(n: number): number {
    const line = this.lines[n - 1] ?? '';
    const m = this.field(n);
    return m ? m[1]!.length + (m[2] ? 2 : 0) : line.length - line.trimStart().length;
  }

  /**
   * The line where the object holding the field on line n starts, which is how readers place
   * a record: in JSON the line of its `{` (`"total": {` for a nested object); in YAML the line
   * of its first key (`- name: …` in a list).
   */
  objectStart(n: number): number {
    const column = this.column(n);
    if (this.format === 'json') {
      for (let i = n - 1; i >= 1; i--) if (this.column(i) < column) return i;
      return 1;
    }
    for (let i = n; i > 1; i--) {
      // `- key:` at this column starts a list item; a line further left, the object below it.
      if (this.field(i)?.[2] !== undefined && this.column(i) === column) return i;
      if (this.column(i - 1) < column) return i;
    }
    return 1;
  }

  /** Replaces the value on line n by `literal` (written as is: `"元"`, `1234.56`). */
  setValue(n: number, literal: string): void {
    const m = this.field(n);
    if (!m) throw new Error(`line ${n} is no field: ${this.lines[n - 1]}`);
    this.lines[n - 1] = `${m[1]}${m[2] ?? ''}${this.key(m[3]!)}: ${literal}${m[5]}`;
  }

  /** Inserts `key: literal` after line n, in the object that holds line n's field (not after its last field in JSON). */
  insertAfter(n: number, key: string, literal: string): number {
    const comma = this.format === 'json' ? ',' : '';
    this.lines.splice(n, 0, `${' '.repeat(this.column(n))}${this.key(key)}: ${literal}${comma}`);
    return n + 1;
  }

  removeLine(n: number): void {
    this.lines.splice(n - 1, 1);
  }

  private key(k: string): string {
    return this.format === 'json' ? `"${k}"` : k;
  }
}

export function unquote(raw: string | undefined): string {
  if (raw === undefined) return '';
  return raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
}

/** A string as a JSON literal, which YAML reads as a double-quoted scalar. */
export const lit = (s: string) => JSON.stringify(s);

