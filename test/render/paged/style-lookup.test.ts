/**
 * pdfmake's style lookup read in place (src/render/paged/style-lookup.ts) answers every
 * question as pdfmake's own does: checked against pdfmake's methods, kept before patching,
 * on random style sheets (styles extending others, in circles, unknown names, names as
 * String objects, values that are 0, false or '') and random stacks and items.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { installFastStyleLookup, styleStackClass } from '../../../src/render/paged/style-lookup.js';

const StyleContextStack = styleStackClass() as unknown as {
  new (dictionary: object, defaultStyle?: object | null): { styleOverrides: unknown[]; getProperty(p: string): unknown };
  getStyleProperty(item: unknown, stack: unknown, property: string, defaultValue: unknown): unknown;
  prototype: { getProperty(p: string): unknown };
};
const original = { getProperty: StyleContextStack.prototype.getProperty, getStyleProperty: StyleContextStack.getStyleProperty };
installFastStyleLookup();
const patched = { getProperty: StyleContextStack.prototype.getProperty, getStyleProperty: StyleContextStack.getStyleProperty };

const PROPERTIES = ['font', 'bold', 'fontSize', 'color'];
const NAMES = ['a', 'b', 'c', 'd', 'missing'];
const name = fc.oneof(fc.constantFrom(...NAMES), fc.constantFrom(...NAMES).map((n) => new String(n)));
const value = fc.constantFrom(undefined, null, 0, false, '', 'x', 12, true);
const properties = fc.dictionary(fc.constantFrom(...PROPERTIES), value, { maxKeys: 3 });
const style = fc.record({ props: properties, extends: fc.option(fc.oneof(name, fc.array(name, { maxLength: 3 })), { nil: undefined }) }, { requiredKeys: ['props'] });
// A style named "undefined" too: what a lookup of a missing name (`dictionary[undefined]`) would find.
const dictionary = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'undefined'), style).map((d) =>
  Object.fromEntries(Object.entries(d).map(([k, s]) => [k, s.extends === undefined ? { ...s.props } : { ...s.props, extends: s.extends }])),
);
const entry = fc.oneof(name, properties);
const item = fc.oneof(
  fc.constantFrom('text', ''),
  fc.constant(new String('text')),
  fc.record(
    { props: properties, style: fc.option(fc.oneof(name, fc.array(entry, { maxLength: 3 }), fc.constant('')), { nil: undefined }), section: fc.option(fc.constant({}), { nil: undefined }) },
    { requiredKeys: ['props'] },
  ).map(({ props, style: s, section }) => ({ ...props, ...(s === undefined ? {} : { style: s }), ...(section === undefined ? {} : { section }) })),
);
const setting = fc.record({
  dictionary,
  defaultStyle: fc.oneof(properties, fc.constant(null)),
  overrides: fc.array(entry, { maxLength: 4 }),
  item,
  property: fc.constantFrom(...PROPERTIES),
  defaultValue: value,
  noStack: fc.boolean(),
});

type Setting = typeof setting extends fc.Arbitrary<infer T> ? T : never;

/** What `methods` answer, or the error they throw, with the stack left as they found it. */
function ask(methods: typeof original, s: Setting) {
  StyleContextStack.prototype.getProperty = methods.getProperty;
  StyleContextStack.getStyleProperty = methods.getStyleProperty;
  const stack = new StyleContextStack(s.dictionary, s.defaultStyle);
  stack.styleOverrides.push(...s.overrides);
  const before = [...stack.styleOverrides];
  const answers = {
    stack: stack.getProperty(s.property),
    item: StyleContextStack.getStyleProperty(s.item, s.noStack ? null : stack, s.property, s.defaultValue),
  };
  expect(stack.styleOverrides).toEqual(before);
  return answers;
}

describe('the style lookup read in place', () => {
  it('answers as pdfmake does, for the stack and for an item on it', () => {
    try {
      fc.assert(
        fc.property(setting, (s) => {
          const mine = ask(patched, s);
          const theirs = ask(original, s);
          expect(Object.is(mine.stack, theirs.stack)).toBe(true);
          expect(Object.is(mine.item, theirs.item)).toBe(true);
        }),
        { numRuns: 3000 },
      );
    } finally {
      StyleContextStack.prototype.getProperty = patched.getProperty;
      StyleContextStack.getStyleProperty = patched.getStyleProperty;
    }
  });

  it('is what pdfmake uses once installed', () => {
    expect(patched.getProperty).not.toBe(original.getProperty);
    expect(patched.getStyleProperty).not.toBe(original.getStyleProperty);
    installFastStyleLookup();
    expect(StyleContextStack.getStyleProperty).toBe(patched.getStyleProperty);
  });
});
