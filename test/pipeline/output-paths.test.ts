/**
 * The names pubtable writes, and nothing else: the test a manifest entry must pass before
 * pubtable trusts or deletes the file it names (src/pipeline/output-paths.ts).
 */
import { describe, expect, it } from 'vitest';
import { mayWrite, outputKind, overlongPart, publicationName } from '../../src/pipeline/output-paths.js';

describe('outputKind', () => {
  it.each([
    ['2025.pdf', 'publication'],
    ['2025.docx', 'publication'],
    ['2025.xlsx', 'publication'],
    ['2025.html', 'publication'],
    ['2025-项目表合订.pdf', 'combined'],
    ['projects/01-就业补贴项目.pdf', 'printout'],
    ['projects/123-x.xlsx', 'printout'],
    ['projects/02-x.html', 'printout'],
    ['.hidden.pdf', 'publication'],
  ])('%s is a %s', (path, kind) => expect(outputKind(path)).toBe(kind));

  it.each([
    '../important.txt',
    '../2025.pdf',
    '.',
    '',
    '/etc/passwd',
    '/tmp/2025.pdf',
    'projects/../../x',
    'projects/../2025.pdf',
    'projects/./01-x.pdf',
    'projects//01-x.pdf',
    'projects\\..\\..\\x.pdf',
    'projects/01-x\u0000.pdf',
    'projects/1-x.pdf',
    'projects/x.pdf',
    'projects/01-x.pdf/',
    'other/01-x.pdf',
    'projects/sub/01-x.pdf',
    'notes.txt',
    '2025.PDF',
    '2025.htm',
    '2025.pdf.tmp',
    '.pubtable-manifest.json',
    '.pubtable-staging-abcdef.pdf',
    '.pubtable.lock',
  ])('%j is not one of pubtable’s names', (path) => expect(outputKind(path)).toBeNull());
});

describe('mayWrite', () => {
  it('a publication writes its own top-level names and any printout', () => {
    expect(mayWrite('2025', '2025.pdf')).toBe(true);
    expect(mayWrite('2025', '2025-项目表合订.pdf')).toBe(true);
    expect(mayWrite('2025', 'projects/01-x.docx')).toBe(true);
    expect(mayWrite('2025', '2024.pdf')).toBe(false);
    expect(mayWrite('2025', '2024-项目表合订.pdf')).toBe(false);
    expect(mayWrite('2025', '../2025.pdf')).toBe(false);
  });
});

describe('names', () => {
  it('a publication is its input’s name without the extension', () => {
    expect(publicationName('/data/2025.txt')).toBe('2025');
    expect(publicationName('2025.corrected.xlsx')).toBe('2025.corrected');
  });

  it('a part over 255 bytes of UTF-8 is found, one at 255 is not', () => {
    expect(overlongPart(`projects/${'a'.repeat(255)}`)).toBeNull();
    expect(overlongPart(`${'项'.repeat(85)}x.pdf`)).toBe(`${'项'.repeat(85)}x.pdf`);
    expect(overlongPart(`${'项'.repeat(83)}.pdf`)).toBeNull();
  });
});
