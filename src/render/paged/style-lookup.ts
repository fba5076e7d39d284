/**
 * pdfmake's style lookup without its allocations.
 *
 * pdfmake asks for some twenty style properties of every inline it measures (font, size,
 * colour, decoration…), and each question pushes the inline's styles onto the style stack,
 * makes two closures and a Set, walks the stack and pops again: about a twentieth of a large
 * table's PDF, most of it garbage for the collector. The same answers can be read in place.
 * Patched once per process on pdfmake 0.3.11's StyleContextStack (`getProperty` and the
 * static `getStyleProperty`); every answer is the one pdfmake gives (test/render/paged/
 * style-lookup.test.ts compares both on random stacks), so every page is the same.
 */
import StyleStackModule from 'pdfmake/js/StyleContextStack.js';
import { pdfmakeExport } from './pdfmake-module.js';

type Style = Record<string, unknown> & { extends?: unknown };

interface StyleStack {
  styleDictionary: Record<string, Style | undefined>;
  defaultStyle: Style | null | undefined;
  styleOverrides: unknown[];
  getProperty(property: string): unknown;
}

interface StyleStackClass {
  prototype: StyleStack;
  getStyleProperty(item: unknown, stack: StyleStack | null | undefined, property: string, defaultValue: unknown): unknown;
}

let installed = false;

/** pdfmake's StyleContextStack class. */
export function styleStackClass(): StyleStackClass {
  return pdfmakeExport<StyleStackClass>(StyleStackModule);
}

export function installFastStyleLookup(): void {
  if (installed) return;
  installed = true;
  const StyleContextStack = styleStackClass();
  if (typeof StyleContextStack.prototype.getProperty !== 'function' || typeof StyleContextStack.getStyleProperty !== 'function') return;
  StyleContextStack.prototype.getProperty = function (this: StyleStack, property: string): unknown {
    return lookUp(this, property);
  };
  StyleContextStack.getStyleProperty = styleProperty;
}

/** pdfmake's getStyleProperty: `item`'s own value, else what the stack says with `item`'s styles pushed on it. */
export function styleProperty(item: unknown, stack: StyleStack | null | undefined, property: string, defaultValue: unknown): unknown {
  const own = (item as Style)[property];
  if (isValue(own)) return own;
  if (!stack) return defaultValue;
  let value: unknown;
  // What autopush would push: nothing for a string or a section, else the item's styles, then the item itself
  // (checked first, and already known not to have the property).
  if (!isString(item) && (item as { section?: unknown }).section === undefined) {
    const styles = (item as Style).style;
    if (styles) {
      const names = Array.isArray(styles) ? (styles as unknown[]) : [styles];
      for (let i = names.length - 1; i >= 0 && !isValue(value); i--) value = entryValue(stack, names[i], property);
    }
  }
  if (!isValue(value)) value = lookUp(stack, property);
  return isValue(value) ? value : defaultValue;
}

/** pdfmake's getProperty: the stack's entries, top first, then the default style. */
function lookUp(stack: StyleStack, property: string): unknown {
  for (let i = stack.styleOverrides.length - 1; i >= 0; i--) {
    const value = entryValue(stack, stack.styleOverrides[i], property);
    if (isValue(value)) return value;
  }
  return stack.defaultStyle && stack.defaultStyle[property];
}

/** One entry of the stack: a style's name (looked up, with what it extends), or an object of overrides. */
function entryValue(stack: StyleStack, entry: unknown, property: string): unknown {
  return isString(entry) ? fromStyle(stack.styleDictionary, entry as string, property, null) : (entry as Style)[property];
}

/**
 * A named style's value, else the value of the styles it extends (the last first), each
 * style visited once. The set of visited names is made only when there is something to extend.
 */
function fromStyle(dictionary: StyleStack['styleDictionary'], name: string, property: string, visited: Set<unknown> | null): unknown {
  if (visited?.has(name)) return undefined;
  visited?.add(name);
  const style = dictionary[name];
  if (!style) return undefined;
  if (isValue(style[property])) return style[property];
  if (style.extends) {
    const seen = visited ?? new Set<unknown>([name]);
    const parents = Array.isArray(style.extends) ? (style.extends as string[]) : [style.extends as string];
    for (let i = parents.length - 1; i >= 0; i--) {
      const value = fromStyle(dictionary, parents[i]!, property, seen);
      if (isValue(value)) return value;
    }
  }
  return undefined;
}

function isValue(x: unknown): boolean {
  return x !== undefined && x !== null;
}

function isString(x: unknown): boolean {
  return typeof x === 'string' || x instanceof String;
}
