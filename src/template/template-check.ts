/**
 * Checks a template before it runs, so that a typo in a user's template is an error at its
 * line rather than a surprise on the one record that reaches it (a partial or helper is only
 * looked up when Handlebars gets there): Handlebars syntax, helper names and argument counts,
 * partial names, markup element names, and style names written literally.
 */
import Handlebars from 'handlebars';
import { LayoutError } from '../layout/layout-error.js';
import { ELEMENTS } from '../layout/markup.js';
import type { StyleSheet } from '../layout/stylesheet.js';
import { HELPER_ARITY } from './helpers.js';

/** Handlebars' own block helpers and how many arguments each takes (null: any number). */
const BUILTIN_ARITY: Record<string, number | null> = { if: 1, unless: 1, each: 1, with: 1, lookup: 2, log: null };

export interface TemplateNames {
  partials: ReadonlySet<string>;
  styles: StyleSheet;
}

export function checkTemplate(source: string, file: string, names: TemplateNames): void {
  checkHandlebars(source, file, names.partials);
  checkMarkupNames(source, file, names.styles);
}

/** The Handlebars AST, or a located TEMPLATE_SYNTAX error. */
export function parseHandlebars(source: string, file: string): hbs.AST.Program {
  try {
    return Handlebars.parse(source);
  } catch (e) {
    const message = (e as Error).message;
    const line = /line (\d+)/.exec(message)?.[1] ?? /- (\d+):\d+$/.exec(message)?.[1];
    if (/got 'EOF'/.test(message)) {
      // Handlebars reports the end of the file; the block left open is what the user must find.
      const open = unclosedBlock(source);
      if (open) throw new LayoutError('TEMPLATE_SYNTAX', `{{#${open.name}}} 块没有结束（缺少 {{/${open.name}}}）`, file, open.line);
    }
    const why = withoutPosition(message.split('\n')[0]!);
    throw new LayoutError('TEMPLATE_SYNTAX', `Handlebars 语法错误：${why}`, file, line === undefined ? undefined : Number(line));
  }
}

/** Handlebars' message without the ` - line:column` it appends (pubtable gives the line its own way). */
export function withoutPosition(message: string): string {
  return message.replace(/ - \d+:\d+$/, '');
}

/** The innermost block opened (`{{#name`, `{{#> name`) and never closed, with its line. */
function unclosedBlock(source: string): { name: string; line: number } | null {
  const text = source.replace(/\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g, (m) => m.replace(/[^\n]/g, ' '));
  const open: { name: string; line: number }[] = [];
  for (const m of text.matchAll(/\{\{~?\s*([#/])\s*>?\s*([^\s}~()]+)/g)) {
    if (m[1] === '#') open.push({ name: m[2]!, line: text.slice(0, m.index).split('\n').length });
    else open.pop();
  }
  return open.at(-1) ?? null;
}

function checkHandlebars(source: string, file: string, partials: ReadonlySet<string>): void {
  const fail = (node: hbs.AST.Node, code: string, message: string): never => {
    throw new LayoutError(code, message, file, node.loc?.start.line);
  };
  const visitor = new Handlebars.Visitor();
  const call = (node: hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression) => {
    const path = node.path;
    if (path.type !== 'PathExpression') return;
    const name = (path as hbs.AST.PathExpression).original;
    const args = node.params.length;
    const arity = Object.hasOwn(HELPER_ARITY, name) ? HELPER_ARITY[name] : Object.hasOwn(BUILTIN_ARITY, name) ? BUILTIN_ARITY[name] : undefined;
    // `{{name}}` without arguments is a field unless it names a helper (strict mode checks fields when it runs).
    if (arity === undefined && args === 0 && !node.hash && node.type === 'MustacheStatement') return;
    if (arity === undefined) {
      if (node.type === 'BlockStatement' && args === 0) return; // {{#field}}…{{/field}}: a section over a field
      fail(node, 'TEMPLATE_UNKNOWN_HELPER', `未知的辅助函数“${name}”（可用：${Object.keys(HELPER_ARITY).join('、')}）`);
    }
    if (arity !== null && arity !== undefined && args !== arity) {
      fail(node, 'TEMPLATE_HELPER_ARGUMENTS', `辅助函数“${name}”需要 ${arity} 个参数，这里给了 ${args} 个`);
    }
  };
  const partial = (node: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement) => {
    // A partial named by an expression (`{{> (which) }}`) is only known when it runs.
    if (node.name.type !== 'PathExpression') return;
    const name = (node.name as hbs.AST.PathExpression).original;
    // `@partial-block`: the content a partial block passes to its partial.
    if (!partials.has(name) && name !== '@partial-block') fail(node, 'TEMPLATE_UNKNOWN_PARTIAL', `找不到部分模板“${name}”（应为 partials/${name}.hbs）`);
  };
  // Each node type checked, then walked on into as Handlebars' own visitor does.
  const checks: [string, (node: never) => void][] = [
    ['MustacheStatement', call],
    ['BlockStatement', call],
    ['SubExpression', call],
    ['PartialStatement', partial],
    ['PartialBlockStatement', partial],
  ];
  const walk = visitor as unknown as Record<string, (this: unknown, node: never) => unknown>;
  for (const [type, check] of checks) {
    const next = walk[type]!;
    walk[type] = function (node) {
      check(node);
      return next.call(this, node);
    };
  }
  visitor.accept(parseHandlebars(source, file));
}

/**
 * The template's markup with every `{{…}}` blanked (line breaks kept): what the template
 * writes whatever the data, so element names and literal attribute values can be checked at
 * their lines.
 */
export function markupSkeleton(source: string): string {
  return source.replace(/\{\{!--[\s\S]*?--\}\}|\{\{[\s\S]*?\}\}/g, (m) => m.replace(/[^\n]/g, ' '));
}

function checkMarkupNames(source: string, file: string, styles: StyleSheet): void {
  const skeleton = markupSkeleton(source);
  const lineAt = (index: number) => skeleton.slice(0, index).split('\n').length;
  for (const m of skeleton.matchAll(/<\/?([A-Za-z][\w-]*)/g)) {
    if (!ELEMENTS.includes(m[1]!)) {
      throw new LayoutError('LAYOUT_UNKNOWN_ELEMENT', `未知的元素 <${m[1]}>`, file, lineAt(m.index));
    }
  }
  // A style named literally (`style="head"`, not `style="{{…}}"`, blanked to spaces) must be in the style sheet.
  for (const m of skeleton.matchAll(/\sstyle="([^"]*)"/g)) {
    const name = m[1]!;
    if (name.trim() !== name) continue;
    if (!Object.hasOwn(styles.styles, name)) {
      throw new LayoutError('UNKNOWN_STYLE', `样式“${name}”未在样式表中定义`, file, lineAt(m.index));
    }
  }
}
