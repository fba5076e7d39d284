/**
 * A report is a Handlebars template writing layout markup, plus the style sheet and
 * partials of its templates folder. Templates compile in an isolated Handlebars
 * environment that knows only pubtable's helpers, in strict mode (a misspelt field is an
 * error, not an empty cell).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { LayoutError } from '../layout/layout-error.js';
import { ELEMENTS, parseMarkup } from '../layout/markup.js';
import { loadStyleSheet, type StyleSheet } from '../layout/stylesheet.js';
import type { LayoutDocument } from '../layout/types.js';
import { helpers } from './helpers.js';

/** The templates shipped with pubtable (the same path from src/ and dist/). */
export const DEFAULT_TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));

export interface Report {
  file: string;
  render: (context: object) => string;
  styles: StyleSheet;
}

export function loadReport(dir: string, name: string): Report {
  const file = join(dir, `${name}.hbs`);
  const source = readTemplate(file);
  const env = Handlebars.create();
  env.registerHelper(helpers);
  const partialsDir = join(dir, 'partials');
  if (existsSync(partialsDir)) {
    for (const f of readdirSync(partialsDir).filter((x) => x.endsWith('.hbs')).sort()) {
      const path = join(partialsDir, f);
      const text = readTemplate(path);
      checkElements(text, path);
      env.registerPartial(basename(f, '.hbs'), text);
    }
  }
  checkElements(source, file);
  const template = env.compile(source, { strict: true, preventIndent: true });
  const styles = loadStyleSheet(join(dir, 'styles.json'));
  const render = (context: object): string => {
    try {
      return template(context);
    } catch (e) {
      throw new LayoutError('TEMPLATE_ERROR', `模板出错：${(e as Error).message}`, file);
    }
  };
  return { file, render, styles };
}

export function renderLayout(report: Report, context: object, created: Date): LayoutDocument {
  return parseMarkup(report.render(context), report.styles, created, `${report.file}（生成的标记）`);
}

function readTemplate(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new LayoutError('TEMPLATE_NOT_FOUND', '找不到模板文件', path);
  }
}

/** Unknown elements are reported at their line in the template, where the user can fix them. */
function checkElements(source: string, file: string): void {
  const withoutMustaches = source.replace(/\{\{!--[\s\S]*?--\}\}|\{\{[\s\S]*?\}\}/g, (m) => m.replace(/[^\n]/g, ' '));
  for (const m of withoutMustaches.matchAll(/<\/?([A-Za-z][\w-]*)/g)) {
    if (!ELEMENTS.includes(m[1]!)) {
      const line = withoutMustaches.slice(0, m.index).split('\n').length;
      throw new LayoutError('LAYOUT_UNKNOWN_ELEMENT', `未知的元素 <${m[1]}>`, file, line);
    }
  }
}
