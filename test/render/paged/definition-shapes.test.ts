/**
 * The nodes the page writers hand pdfmake share V8's hidden classes (maps). pdfmake reads
 * every property of every node and inline many times over; when each object has a map of
 * its own (as a spread copy `{ ...inline, pdfTag }` gets), each of those reads is a slow
 * lookup and each map costs memory: a 1,000-project PDF took ~40 % more CPU that way, with
 * byte-identical output, so only this test notices. It asks V8 itself (`%HaveSameMap`).
 */
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { pageDefinition } from '../../../src/render/paged/definition.js';
import { projectRow, sampleLayout } from '../../fixtures/sample-layout.js';

setFlagsFromString('--allow-natives-syntax');
// V8 intrinsics parse only in code compiled after the flag is set, hence a Function.
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** How many distinct maps the objects have between them. */
function mapCount(objects: object[]): number {
  const representatives: object[] = [];
  for (const o of objects) if (!representatives.some((r) => haveSameMap(r, o))) representatives.push(o);
  return representatives.length;
}

/** Every object under `node` that `pick` selects (pdfmake's own fields are not there yet). */
function collect(node: unknown, pick: (o: Record<string, unknown>) => boolean, out: object[] = []): object[] {
  if (Array.isArray(node)) for (const x of node) collect(x, pick, out);
  else if (node !== null && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (pick(o)) out.push(o);
    for (const [k, v] of Object.entries(o)) if (k !== 'pdfTag') collect(v, pick, out);
  }
  return out;
}

describe('the pdfmake nodes of a large table', () => {
  const goal = '全方位培育、引进、用好海内外高层次人才，推动产业发展，提升公共就业服务水平。'.repeat(3);
  const rows = Array.from({ length: 120 }, (_, i) =>
    projectRow(`项目${i}`, 1000 + i, goal, ['1、数量指标；实施周期指标值：>90%。', '2、质量指标：合格率100%。']),
  );
  const { layout } = pageDefinition(sampleLayout(rows), 'PDF');

  it('gives every inline that ends a line the same map', () => {
    const lineEnds = collect(layout.content, (o) => 'pdfTag' in o && o.lineEnd === true);
    expect(lineEnds.length).toBeGreaterThan(500);
    expect(mapCount(lineEnds)).toBe(1);
  });

  it('gives the cells of the table a handful of maps, not one each', () => {
    const cells = collect(layout.content, (o) => Array.isArray(o.border) && 'fontSize' in o);
    expect(cells.length).toBeGreaterThan(800);
    // Cells differ in which optional properties they have (a fill, a span, wrapped text).
    expect(mapCount(cells)).toBeLessThanOrEqual(8);
  });
});
