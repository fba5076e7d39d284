/**
 * Inputs that cannot be read at all: the InputError with its code and place, the command
 * line's exit 2 with one located line, and a check that every code of the README's table
 * has a test.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCanonical } from '../../src/ingest/canonical/writer.js';
import { loadPublication } from '../../src/pipeline/load.js';
import { InputError } from '../../src/model/diagnostic.js';
import { DISTINCT_TSV } from '../fixtures/distinct-publication.js';
import { pubtable } from '../helpers/cli.js';
import { CANONICAL_CASES } from './canonical-cases.js';
import { TABLE_CASES } from './tabular-cases.js';
import { NAME, fixtureGrid, fixturePublication, headerlessGrid, lineOf, newPath, setCell, tmp, tsvOf, workbookOf } from './message-grid.js';
import { CanonicalText } from './canonical-text.js';

// ---- fatal problems: nothing can be read ----

/** The InputError a load throws, or a failure when it does not throw one. */
async function inputError(file: string): Promise<InputError> {
  const e = await loadPublication(file).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}

describe('fatal problems: an InputError with code and place', () => {
  it('FILE_UNREADABLE: a file that does not exist, a folder', async () => {
    const missing = join(tmp, 'missing.txt');
    const e1 = await inputError(missing);
    expect([e1.code, e1.source]).toEqual(['FILE_UNREADABLE', { file: missing }]);
    expect(e1.message).toContain('文件不存在');
    const folder = join(tmp, 'folder.txt');
    mkdirSync(folder);
    const e2 = await inputError(folder);
    expect([e2.code, e2.source]).toEqual(['FILE_UNREADABLE', { file: folder }]);
    expect(e2.message).toContain('这是一个目录');
  });

  it('HEADER_NOT_FOUND: a text export and a workbook without the header row', async () => {
    const text = newPath('txt');
    writeFileSync(text, tsvOf(headerlessGrid()));
    const e1 = await inputError(text);
    expect([e1.code, e1.source]).toEqual(['HEADER_NOT_FOUND', { file: text }]);
    const book = newPath('xlsx');
    writeFileSync(book, await workbookOf(headerlessGrid()));
    const e2 = await inputError(book);
    expect([e2.code, e2.source]).toEqual(['HEADER_NOT_FOUND', { file: book }]);
  });

  it('HEADER_NOT_FOUND because of bad bytes in the header row: at their line, saying so', async () => {
    const bytes = Buffer.from(DISTINCT_TSV);
    const at = bytes.indexOf(Buffer.from('财政拨款'));
    bytes[at + 1] = 0xff; // inside 财: the label no longer reads
    const file = newPath('txt');
    writeFileSync(file, bytes);
    const e = await inputError(file);
    expect([e.code, e.source]).toEqual(['HEADER_NOT_FOUND', { file, line: lineOf(fixtureGrid(), 'header') }]);
    expect(e.message).toContain('无法按 UTF-8 解码的字节');
  });

  it('NOT_A_WORKBOOK: text named .xlsx, and a broken zip whatever its name', async () => {
    const named = newPath('xlsx');
    writeFileSync(named, DISTINCT_TSV);
    const e1 = await inputError(named);
    expect([e1.code, e1.source]).toEqual(['NOT_A_WORKBOOK', { file: named }]);
    const zip = newPath('txt');
    writeFileSync(zip, `PK\u0003\u0004${DISTINCT_TSV}`);
    const e2 = await inputError(zip);
    expect([e2.code, e2.source]).toEqual(['NOT_A_WORKBOOK', { file: zip }]);
  });

  it('NOT_CANONICAL: JSON holding a list, YAML holding a list', async () => {
    const p = await fixturePublication();
    const json = newPath('json');
    writeFileSync(json, `[${writeCanonical(p, 'json')}]`);
    const e1 = await inputError(json);
    expect([e1.code, e1.source]).toEqual(['NOT_CANONICAL', { file: json }]);
    const yaml = newPath('yaml');
    writeFileSync(yaml, '- 合计\n- 人力资源局本级\n');
    const e2 = await inputError(yaml);
    expect([e2.code, e2.source]).toEqual(['NOT_CANONICAL', { file: yaml }]);
  });

  it('SYNTAX_ERROR, fatal when no object is left: at the line of the first error', async () => {
    const p = await fixturePublication();
    // JSON opened as a list but closed as an object: the error is at the closing brace.
    const jsonDoc = new CanonicalText('json', writeCanonical(p, 'json'));
    jsonDoc.lines[0] = '[';
    const braceLine = jsonDoc.lines.lastIndexOf('}') + 1;
    const json = newPath('json');
    writeFileSync(json, jsonDoc.text);
    const e1 = await inputError(json);
    expect([e1.code, e1.source]).toEqual(['SYNTAX_ERROR', { file: json, line: braceLine }]);
    // YAML whose first key became a list item: the second key no longer fits.
    const yamlDoc = new CanonicalText('yaml', writeCanonical(p, 'yaml'));
    yamlDoc.lines[0] = `- ${yamlDoc.lines[0]}`;
    const yaml = newPath('yaml');
    writeFileSync(yaml, yamlDoc.text);
    const e2 = await inputError(yaml);
    expect([e2.code, e2.source]).toEqual(['SYNTAX_ERROR', { file: yaml, line: yamlDoc.find('title') }]);
  });
});

describe('the command line: fatal problems exit 2 with one located line on stderr', () => {
  /** Exactly one line `place: 错误 CODE: 中文…`, and so no stack trace. */
  const expectOneLine = (stderr: string, place: string, code: string) => {
    const prefix = `${place}: 错误 ${code}: `;
    expect(stderr.startsWith(prefix), stderr).toBe(true);
    expect(stderr.slice(prefix.length)).toMatch(/^[^\n]*[\u4e00-\u9fff][^\n]*\n$/);
  };

  it('FILE_UNREADABLE, HEADER_NOT_FOUND, NOT_A_WORKBOOK: file only', () => {
    const missing = join(tmp, 'missing-cli.txt');
    const headerless = newPath('txt');
    writeFileSync(headerless, tsvOf(headerlessGrid()));
    const notBook = newPath('xlsx');
    writeFileSync(notBook, DISTINCT_TSV);
    for (const [file, code] of [
      [missing, 'FILE_UNREADABLE'],
      [headerless, 'HEADER_NOT_FOUND'],
      [notBook, 'NOT_A_WORKBOOK'],
    ] as const) {
      const r = pubtable(['validate', file]);
      expect(r.status, code).toBe(2);
      expectOneLine(r.stderr, file, code);
    }
  });

  it('a fatal SYNTAX_ERROR: file and line', async () => {
    const p = await fixturePublication();
    const doc = new CanonicalText('json', writeCanonical(p, 'json'));
    doc.lines[0] = '[';
    const file = newPath('json');
    writeFileSync(file, doc.text);
    const r = pubtable(['validate', file]);
    expect(r.status).toBe(2);
    // Opened as a list, closed as an object: the error is at the closing brace.
    expectOneLine(r.stderr, `${file}:${doc.lines.lastIndexOf('}') + 1}`, 'SYNTAX_ERROR');
  });

  it('UNSUPPORTED_MONEY_UNIT exits 1 and names the 单位 line', () => {
    const g = fixtureGrid();
    setCell(g, 'money-unit', NAME, '单位：元');
    const file = newPath('txt');
    writeFileSync(file, tsvOf(g));
    const r = pubtable(['validate', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`${file}:${lineOf(g, 'money-unit')}: 错误 UNSUPPORTED_MONEY_UNIT: 金额单位“元”不受支持，应为万元`);
  });
});

describe('coverage of the README', () => {
  it('every code in the README’s message table has a case above (MISSING_GLYPH: test/build-publication.test.ts; WORKBOOK_TOO_LARGE: test/ingest/zip-limits.test.ts; PDF_* and VERIFY_*: test/cli/pdf-archive.test.ts; OFD_*: test/cli/ofd.test.ts)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const documented = readme
      .split('\n')
      .filter((l) => /^\| `[A-Z_]+`/.test(l))
      .flatMap((l) => [...l.split('|')[1]!.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!));
    // Each case is named after the code it makes fire.
    const named = [...TABLE_CASES, ...CANONICAL_CASES].map((c) => /^[A-Z_]+(?=:)/.exec(c.name)?.[0]);
    const fatal = ['FILE_UNREADABLE', 'HEADER_NOT_FOUND', 'NOT_A_WORKBOOK', 'NOT_CANONICAL', 'SYNTAX_ERROR'];
    const elsewhere = ['MISSING_GLYPH', 'WORKBOOK_TOO_LARGE', 'PDF_NOT_PUBTABLE', 'PDF_NO_RECORDS', 'PDF_RECORDS_DAMAGED', 'VERIFY_PAGE_DIFFERS', 'VERIFY_PAGE_COUNT', 'OFD_NOT_PUBTABLE', 'OFD_NO_RECORDS', 'OFD_TOO_LARGE'];
    const covered = new Set([...named, ...fatal, ...elsewhere]);
    expect(documented.length).toBeGreaterThan(20);
    expect(documented.filter((code) => !covered.has(code))).toEqual([]);
  });
});

