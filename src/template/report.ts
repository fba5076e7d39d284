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
import { parseMarkup, parseMarkupSyntax } from '../layout/markup.js';
import { loadStyleSheet, type StyleSheet } from '../layout/stylesheet.js';
import type { LayoutDocument } from '../layout/types.js';
import { helpers } from './helpers.js';
import { checkTemplate, markupSkeleton, withoutPosition } from './template-check.js';

/** The templates shipped with pubtable (the same path from src/ and dist/). */
export const DEFAULT_TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));

export interface Report {
  file: string;
  render: (context: object) => string;
  styles: StyleSheet;
  /** The markup the template writes whatever the data (see template-check.ts). */
  skeleton: string;
}

export function loadReport(dir: string, name: string): Report {
  const file = join(dir, `${name}.hbs`);
  const source = readTemplate(file);
  const styles = loadStyleSheet(join(dir, 'styles.json'));
  const env = Handlebars.create();
  env.registerHelper(helpers);
  const partials = new Map<string, { path: string; text: string }>();
  const partialsDir = join(dir, 'partials');
  if (existsSync(partialsDir)) {
    for (const f of readdirSync(partialsDir).filter((x) => x.endsWith('.hbs')).sort()) {
      const path = join(partialsDir, f);
      partials.set(basename(f, '.hbs'), { path, text: readTemplate(path) });
    }
  }
  const names = { partials: new Set(partials.keys()), styles };
  for (const [partialName, p] of partials) {
    checkTemplate(p.text, p.path, names);
    env.registerPartial(partialName, p.text);
  }
  checkTemplate(source, file, names);
  const template = env.compile(source, { strict: true, preventIndent: true });
  const render = (context: object): string => {
    try {
      // Prototype members are never data: `{{x.constructor}}` prints nothing (not a
      // function's source), and without Handlebars' English console warning.
      return template(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    } catch (e) {
      // Handlebars places strict-mode and helper errors (in this template or a partial it calls).
      const line = (e as { lineNumber?: unknown }).lineNumber;
      const message = withoutPosition((e as Error).message);
      throw new LayoutError('TEMPLATE_ERROR', `模板出错：${message}`, file, typeof line === 'number' ? line : undefined);
    }
  };
  return { file, render, styles, skeleton: markupSkeleton(source) };
}

export function renderLayout(report: Report, context: object, created: Date): LayoutDocument {
  try {
    return parseMarkup(report.render(context), report.styles, created, `${report.file}（生成的标记）`);
  } catch (e) {
    // Markup that is not well-formed whatever the data is the template's own fault: say where in it.
    if (e instanceof LayoutError && e.code === 'LAYOUT_SYNTAX') throw skeletonSyntaxError(report) ?? e;
    throw e;
  }
}

/** The template's markup skeleton parsed alone: its syntax error at the template's line, if it has one. */
function skeletonSyntaxError(report: Report): LayoutError | null {
  try {
    parseMarkupSyntax(report.skeleton, report.file);
    return null;
  } catch (e) {
    return e instanceof LayoutError ? e : null;
  }
}

function readTemplate(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new LayoutError('TEMPLATE_NOT_FOUND', '找不到模板文件', path);
  }
}
