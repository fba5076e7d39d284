/**
 * Every message canonical JSON or YAML can cause, at the line of the offending node: the
 * fixture written by writeCanonical, edited as text, the expected line found by searching
 * the edited text (never a guessed number).
 */
import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCanonical } from '../../src/ingest/canonical/writer.js';
import { readAny } from '../../src/ingest/index.js';
import { loadPublication } from '../../src/pipeline/load.js';
import type { Publication } from '../../src/model/types.js';
import { PROJECT_B, PROJECT_C, expectExactly, fixturePublication, newPath } from './message-grid.js';
import { CanonicalText } from './canonical-text.js';
import { CANONICAL_CASES, recordLine, totalLine, indicatorLine } from './canonical-cases.js';

/** The canonical amount after adding cents: `1474.59` → `1474.60`. */
describe('messages about canonical JSON and YAML, at the line of the offending node', () => {
  let fixture: Publication;
  beforeAll(async () => {
    fixture = await fixturePublication();
  });

  for (const format of ['json', 'yaml'] as const) {
    describe(format, () => {
      for (const c of CANONICAL_CASES.filter((x) => (x.formats ?? ['json', 'yaml']).includes(format))) {
        it(c.name, async () => {
          const doc = new CanonicalText(format, writeCanonical(fixture, format));
          const expected = c.run(doc);
          const file = newPath(format);
          writeFileSync(file, c.bytes ? c.bytes(doc.text) : doc.text);
          const { diagnostics } = await loadPublication(file);
          expectExactly(
            diagnostics,
            expected.map((e) => ({ code: e.code, severity: e.severity, source: { file, line: e.line }, says: e.says, repeated: e.repeated })),
          );
        });
      }
    });
  }

  it('the searches find what the readers place: a project’s line, the 合计’s line, the moneyUnit line', async () => {
    for (const format of ['json', 'yaml'] as const) {
      const doc = new CanonicalText(format, writeCanonical(fixture, format));
      const p = (await readAny(Buffer.from(doc.text), `x.${format}`)).publication;
      expect(p.units[0]!.projects[1]!.source.line).toBe(recordLine(doc, PROJECT_B));
      expect(p.units[1]!.projects[0]!.indicators[2]!.source.line).toBe(indicatorLine(doc, PROJECT_C, 3));
      expect(p.totalSource.line).toBe(totalLine(doc));
      expect(p.moneyUnitSource).toEqual({ file: `x.${format}`, line: doc.find('moneyUnit') });
    }
  });
});

