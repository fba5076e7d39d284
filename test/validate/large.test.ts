/**
 * Size is no fault (issue 10, item 7): a unit of 130,000 projects, all named alike, is
 * validated, written and compared like any other. `push(...list)` and `Math.max(...list)`
 * throw once a list passes the engine's argument limit (≈ 120,000), which ended such an
 * input in exit 3; pairing projects by name copied a growing list per project.
 */
import { describe, expect, it } from 'vitest';
import { pairProjects } from '../../src/diff/match.js';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import { writeTextExport } from '../../src/ingest/text-export/writer.js';
import { projectsOf } from '../../src/model/projects.js';
import type { Publication } from '../../src/model/types.js';
import { validate } from '../../src/validate/validate.js';
import { DISTINCT_TSV } from '../fixtures/distinct-publication.js';

const MANY = 130_000;

const fixture = () => readTextExport(Buffer.from(DISTINCT_TSV), 'distinct.txt').publication;

/** The fixture with its first unit holding MANY copies of its first project (its indicators left out, to keep the test quick). */
function crowded(): Publication {
  const p = fixture();
  const unit = p.units[0]!;
  const one = { ...unit.projects[0]!, indicators: [] };
  unit.projects = Array.from({ length: MANY }, () => one);
  return p;
}

describe('130,000 projects in one unit', () => {
  it('validate reports each duplicate name, and does not throw', () => {
    const ds = validate(crowded());
    expect(ds.filter((d) => d.code === 'DUPLICATE_PROJECT')).toHaveLength(MANY - 1);
  });

  it('the text export writer takes 130,000 footnotes', () => {
    const p = fixture();
    p.notes = Array.from({ length: MANY }, (_, i) => `注：第${i}条`);
    expect(writeTextExport(p).split('\n').filter((l) => l.startsWith('注：'))).toHaveLength(MANY);
  });

  it('two versions pair by name in linear time', () => {
    const refs = projectsOf(crowded());
    const t0 = performance.now();
    const pairing = pairProjects(refs, refs);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(pairing.pairs).toHaveLength(refs.length);
  });
});
