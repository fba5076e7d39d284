/**
 * Style sheets are data (templates/styles.json): fonts by family key, default style
 * properties, and named styles. Font files are paths relative to the style sheet, or
 * package paths resolved from node_modules (the default Noto Serif SC).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { FontFamily, FontFile, Style } from './types.js';
import { LayoutError } from './layout-error.js';

export interface StyleSheet {
  fonts: Record<string, FontFamily>;
  styles: Record<string, Style>;
}

type StyleProps = Omit<Style, 'name'>;

interface StyleSheetFile {
  fonts: Record<string, { office: FontFamily['office']; pdf: { normal: FontFileSpec; bold: FontFileSpec } }>;
  defaults: StyleProps;
  styles: Record<string, Partial<StyleProps> & { extends?: string }>;
}

type FontFileSpec = string | { path: string; face?: string };

const require = createRequire(import.meta.url);

export function loadStyleSheet(path: string): StyleSheet {
  let data: StyleSheetFile;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as StyleSheetFile;
  } catch (e) {
    throw new LayoutError('STYLESHEET_UNREADABLE', `样式表无法读取：${(e as Error).message}`, path);
  }
  const fonts: Record<string, FontFamily> = {};
  for (const [key, f] of Object.entries(data.fonts ?? {})) {
    fonts[key] = {
      office: f.office,
      pdf: { normal: fontFile(f.pdf.normal, path), bold: fontFile(f.pdf.bold, path) },
    };
  }
  const styles: Record<string, Style> = {};
  const resolveStyle = (name: string, seen: string[]): Style => {
    const done = styles[name];
    if (done) return done;
    const own = data.styles[name];
    if (!own) throw new LayoutError('UNKNOWN_STYLE', `样式“${name}”未在样式表中定义`, path);
    if (seen.includes(name)) throw new LayoutError('STYLE_CYCLE', `样式继承成环：${[...seen, name].join(' → ')}`, path);
    const { extends: parent, ...props } = own;
    const base: StyleProps = parent ? resolveStyle(parent, [...seen, name]) : data.defaults;
    const style: Style = { ...base, ...props, name };
    if (!fonts[style.font]) throw new LayoutError('UNKNOWN_FONT', `样式“${name}”使用了未定义的字体“${style.font}”`, path);
    return (styles[name] = style);
  };
  for (const name of Object.keys(data.styles)) resolveStyle(name, []);
  return { fonts, styles };
}

function fontFile(spec: FontFileSpec, sheetPath: string): FontFile {
  const { path, face } = typeof spec === 'string' ? { path: spec } : spec;
  let resolved: string;
  if (isAbsolute(path)) resolved = path;
  else if (path.startsWith('.')) resolved = resolve(dirname(sheetPath), path);
  else {
    try {
      resolved = require.resolve(path);
    } catch {
      throw new LayoutError('FONT_NOT_FOUND', `找不到字体文件“${path}”`, sheetPath);
    }
  }
  return face === undefined ? { path: resolved } : { path: resolved, face };
}
