/**
 * Style sheets are data (templates/styles.json): fonts by family key, default style
 * properties, and named styles. Font files are paths relative to the style sheet, or
 * package paths resolved from node_modules (the default Noto Serif SC).
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { FontFamily, FontFile, PdfStandard, Style } from './types.js';
import { LayoutError } from './layout-error.js';
import { lineOf, parseStyleSheetFile, type FontFileSpec, type StyleProps } from './stylesheet-file.js';

export interface StyleSheet {
  fonts: Record<string, FontFamily>;
  styles: Record<string, Style>;
  /** The PDFs' archival standard, when the style sheet says. */
  pdfStandard?: PdfStandard;
}

const require = createRequire(import.meta.url);

export function loadStyleSheet(path: string): StyleSheet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LayoutError('STYLESHEET_UNREADABLE', `样式表无法读取（${code ?? (e as Error).message}）`, path);
  }
  const data = parseStyleSheetFile(text, path);
  // Lookup tables without a prototype: a style or font named `constructor` is simply unknown.
  const fonts: Record<string, FontFamily> = Object.create(null) as Record<string, FontFamily>;
  for (const [key, f] of Object.entries(data.fonts)) {
    fonts[key] = {
      office: f.office,
      pdf: {
        normal: fontFile(f.pdf.normal, path, () => lineOf(text, ['fonts', key, 'pdf', 'normal'])),
        bold: fontFile(f.pdf.bold, path, () => lineOf(text, ['fonts', key, 'pdf', 'bold'])),
      },
    };
  }
  const styles: Record<string, Style> = Object.create(null) as Record<string, Style>;
  // Names and fonts are checked (stylesheet-file.ts); what is left is the order of inheritance.
  const resolveStyle = (name: string, seen: string[]): Style => {
    const done = styles[name];
    if (done) return done;
    if (seen.includes(name)) throw new LayoutError('STYLE_CYCLE', `样式继承成环：${[...seen, name].join(' → ')}`, path);
    const { extends: parent, ...props } = data.styles[name]!;
    const base: StyleProps = parent ? resolveStyle(parent, [...seen, name]) : data.defaults;
    return (styles[name] = { ...base, ...props, name });
  };
  for (const name of Object.keys(data.styles)) resolveStyle(name, []);
  return data.pdf?.standard ? { fonts, styles, pdfStandard: data.pdf.standard } : { fonts, styles };
}

/** `line`: where the file is named in the style sheet, worked out only for a message. */
function fontFile(spec: FontFileSpec, sheetPath: string, line: () => number | undefined): FontFile {
  const { path, face } = typeof spec === 'string' ? { path: spec } : spec;
  let resolved: string;
  if (isAbsolute(path)) resolved = path;
  else if (path.startsWith('.')) resolved = resolve(dirname(sheetPath), path);
  else {
    try {
      resolved = require.resolve(path);
    } catch {
      throw new LayoutError('FONT_NOT_FOUND', `找不到字体文件“${path}”`, sheetPath, line());
    }
  }
  checkFontSignature(resolved, sheetPath, line);
  return face === undefined ? { path: resolved } : { path: resolved, face };
}

/** TrueType, OpenType (CFF) and TrueType collections, by their first four bytes. */
const FONT_SIGNATURES = ['00010000', '74727565', '4f54544f', '74746366'];

/** A font file must exist and be a font: found here, at the style sheet, not deep in a writer. */
function checkFontSignature(path: string, sheetPath: string, line: () => number | undefined): void {
  const head = Buffer.alloc(4);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    throw new LayoutError('FONT_NOT_FOUND', `找不到字体文件“${path}”`, sheetPath, line());
  }
  try {
    readSync(fd, head, 0, 4, 0);
  } catch {
    // A folder, a device: not a font either.
  } finally {
    closeSync(fd);
  }
  if (!FONT_SIGNATURES.includes(head.toString('hex'))) {
    throw new LayoutError('FONT_NOT_A_FONT', `“${path}”不是 TrueType/OpenType 字体文件（.ttf、.otf 或 .ttc）`, sheetPath, line());
  }
}
