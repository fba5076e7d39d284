/**
 * Reading back a page the HTML writer made, as a browser does: parse5 parses the bytes by
 * the HTML standard's own algorithm (what every browser runs), tables are placed by the
 * standard's table model (rowspan/colspan slots), and the printed pages come from Chromium
 * itself, printing to PDF. Nothing here shares code with the writer.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { pdfPages } from './read-back.js';
import type { PlacedText } from './table-cells.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const squash = (s: string) => s.replace(/\s+/g, '');
const isElement = (n: Node): n is Element => 'tagName' in n;
const childrenOf = (n: Node): Node[] => ('childNodes' in n ? n.childNodes : []);
const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;

/** The parsed page's `<body>`, and the text of its `<style>`. */
export function htmlDocument(bytes: Uint8Array): { body: Element; css: string } {
  const doc = parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  const all = descendants(doc);
  const body = all.find((n) => n.tagName === 'body')!;
  const css = all.filter((n) => n.tagName === 'style').map(textOf).join('\n');
  return { body, css };
}

function descendants(n: Node): Element[] {
  return childrenOf(n).flatMap((c) => (isElement(c) ? [c, ...descendants(c)] : []));
}

/** Text as a browser shows it with styles off: text nodes in document order, `<br>` a line break. */
export function textOf(n: Node): string {
  if (n.nodeName === '#text') return (n as DefaultTreeAdapterMap['textNode']).value;
  if (isElement(n) && n.tagName === 'br') return '\n';
  return childrenOf(n).map(textOf).join('');
}

/** The first table's cells, placed by the HTML table model: each cell takes the first free slot of its row. */
export function htmlTableCells(body: Element): PlacedText[] {
  const table = descendants(body).find((e) => e.tagName === 'table');
  if (!table) throw new Error('no <table> in the page');
  const rows = descendants(table).filter((e) => e.tagName === 'tr');
  const taken: boolean[][] = rows.map(() => []);
  const placed: PlacedText[] = [];
  rows.forEach((tr, r) => {
    let c = 0;
    for (const cell of childrenOf(tr).filter(isElement).filter((e) => e.tagName === 'td' || e.tagName === 'th')) {
      while (taken[r]![c]) c++;
      const rowspan = Number(attr(cell, 'rowspan') ?? 1);
      const colspan = Number(attr(cell, 'colspan') ?? 1);
      for (let dr = 0; dr < rowspan && r + dr < rows.length; dr++) for (let dc = 0; dc < colspan; dc++) taken[r + dr]![c + dc] = true;
      const text = squash(textOf(cell));
      if (text !== '') placed.push({ text, row: r, col: c, rowspan, colspan });
      c += colspan;
    }
  });
  return placed;
}

/**
 * The font-family each element that shows text is set in, by its class's rule in the page's
 * style sheet: the names as listed (`Times New Roman, 宋体`), '' where no rule names one.
 */
export function htmlFonts(body: Element, css: string): string[] {
  const families = new Map<string, string>();
  for (const m of css.matchAll(/^\.([\w-]+) \{([^}]*)\}/gm)) {
    const family = /(?:^|;)\s*font-family:\s*([^;]+)/.exec(m[2]!)?.[1];
    if (family) families.set(m[1]!, family.split(',').map((f) => f.trim().replace(/^"(.*)"$/, '$1')).join(', '));
  }
  const shown = descendants(body).filter((e) => ['p', 'td', 'th'].includes(e.tagName) && squash(textOf(e)) !== '');
  return shown.map((e) => (attr(e, 'class') ?? '').split(' ').map((c) => families.get(c)).find((f) => f !== undefined) ?? '');
}

/** Each page's text as Chromium prints the page (headless, to PDF, read back by poppler). */
export function htmlPrintedPages(bytes: Uint8Array): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'pubtable-html-'));
  try {
    writeFileSync(join(dir, 'page.html'), bytes);
    execFileSync(
      'chromium',
      ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--user-data-dir=${join(dir, 'profile')}`, `--print-to-pdf=${join(dir, 'page.pdf')}`, pathToFileURL(join(dir, 'page.html')).href],
      { stdio: 'ignore', timeout: 60_000 },
    );
    return pdfPages(join(dir, 'page.pdf'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rows of the page's first table as written: each `<tr>`'s cells' text (a cell another spans into is not there). */
export function htmlRows(bytes: Uint8Array): string[][] {
  const [first] = htmlTables(bytes);
  if (!first) throw new Error('no <table> in the page');
  return first;
}

/** Every table's rows, in page order: each row its cells' text (`<br>` a line break). */
export function htmlTables(bytes: Uint8Array): string[][][] {
  return descendants(htmlDocument(bytes).body)
    .filter((e) => e.tagName === 'table')
    .map((table) =>
      descendants(table)
        .filter((e) => e.tagName === 'tr')
        .map((tr) => childrenOf(tr).filter(isElement).filter((e) => e.tagName === 'td' || e.tagName === 'th').map(textOf)),
    );
}

/** Every link of the page: its text and its target as written (percent-decoded). */
export function htmlLinks(bytes: Uint8Array): { text: string; href: string }[] {
  return descendants(htmlDocument(bytes).body)
    .filter((e) => e.tagName === 'a')
    .map((a) => ({ text: textOf(a), href: decodeURI(attr(a, 'href') ?? '') }));
}
