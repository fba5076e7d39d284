import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readCanonical } from '../../src/ingest/canonical/reader.js';
import { writeCanonical } from '../../src/ingest/canonical/writer.js';
import { readTextExport } from '../../src/ingest/text-export/reader.js';
import { InputError, type Diagnostic } from '../../src/model/diagnostic.js';
import { validate } from '../../src/validate/validate.js';
import { exampleText } from '../helpers/example.js';
import { stripSources } from '../helpers/strip-sources.js';

const fromText = () => readTextExport(Buffer.from(exampleText(), 'utf8'), 'in.txt');
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code).sort();
/** 1-based line of the n-th (0-based) line of `text` that satisfies `test`. */
const lineWhere = (text: string, test: (l: string) => boolean, n = 0) => {
  const hits = text.split('\n').flatMap((l, i) => (test(l) ? [i + 1] : []));
  if (hits[n] === undefined) throw new Error('no such line');
  return hits[n];
};
const lineAt = (text: string, line: number) => text.split('\n')[line - 1]!;
const violations = (ds: Diagnostic[]) => ds.map((d) => [d.code, d.source.line]);

describe('canonical JSON and YAML', () => {
  for (const format of ['json', 'yaml'] as const) {
    it(`example → ${format} → model: the same model and the same messages as the text`, () => {
      const text = fromText();
      const out = writeCanonical(text.publication, format);
      const back = readCanonical(out, `ex.${format}`);
      expect(stripSources(back.publication)).toEqual(stripSources(text.publication));
      expect(codes(back.diagnostics)).toEqual(codes(text.diagnostics));
      // Validation sees the same records, so it says the same things (at other places).
      expect(codes(validate(back.publication))).toEqual(codes(validate(text.publication)));
      // Writing what was read gives the same bytes: the form is stable.
      expect(writeCanonical(back.publication, format)).toBe(out);
    });
  }

  it('records point at the lines of their nodes, in JSON and in YAML', () => {
    const p = fromText().publication;
    const json = writeCanonical(p, 'json');
    const j = readCanonical(json, 'ex.json').publication;
    const jBuy = j.units[0]!.projects.find((x) => x.name === '购置经费')!;
    expect(lineAt(json, jBuy.source.line!).trim()).toBe('{');
    expect(lineAt(json, jBuy.source.line! + 1).trim()).toBe('"name": "购置经费",');
    expect(lineAt(json, jBuy.indicators[2]!.source.line! + 1).trim()).toBe('"number": 3,');
    expect(lineAt(json, j.totalSource.line!)).toBe('  "total": {');
    expect(j.source).toEqual({ file: 'ex.json', line: 1 });

    const yaml = writeCanonical(p, 'yaml');
    const y = readCanonical(yaml, 'ex.yaml').publication;
    const yBuy = y.units[0]!.projects.find((x) => x.name === '购置经费')!;
    expect(lineAt(yaml, yBuy.source.line!).trim()).toBe('- name: 购置经费');
    expect(lineAt(yaml, yBuy.indicators[2]!.source.line!).trim()).toBe('- number: 3');
    expect(lineAt(yaml, y.totalSource.line! - 1)).toBe('total:');
  });

  it('the JSON and YAML written validate against the published schema; JSON is 2-space pretty', () => {
    const schema = JSON.parse(readFileSync(new URL('../../schema/pubtable.schema.json', import.meta.url), 'utf8')) as object;
    const check = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    const p = fromText().publication;
    const json = writeCanonical(p, 'json');
    expect(check(JSON.parse(json)), JSON.stringify(check.errors)).toBe(true);
    expect(check(parseYaml(writeCanonical(p, 'yaml'))), JSON.stringify(check.errors)).toBe(true);
    expect(json.startsWith('{\n  "format": "pubtable/1",\n  "title": ')).toBe(true);
    expect(json.endsWith('}\n')).toBe(true);
    // The schema is strict: sources are not part of the document.
    expect(check({ ...JSON.parse(json), source: { file: 'x' } })).toBe(false);
  });

  it('an amount written as a number is SCHEMA_VIOLATION at its line', () => {
    const json = writeCanonical(fromText().publication, 'json');
    const line = lineWhere(json, (l) => l.includes('"total": "3105.64"'), 1); // the unit's total
    const bad = json.replace(/("total": )"3105\.64"/g, (m, key: string, offset: number) =>
      json.slice(0, offset).split('\n').length === line ? `${key}3105.64` : m,
    );
    const r = readCanonical(bad, 'bad.json');
    expect(violations(r.diagnostics)).toEqual([['SCHEMA_VIOLATION', line]]);
    expect(r.diagnostics[0]!.message).toContain('units[0].amounts.total');
    expect(r.diagnostics[0]!.message).toMatch(/金额.*"3105\.64"/);
  });

  it('an unquoted amount in YAML (a YAML number) is SCHEMA_VIOLATION at its line', () => {
    const yaml = writeCanonical(fromText().publication, 'yaml');
    const line = lineWhere(yaml, (l) => l.trim() === 'total: "483.50"');
    const bad = yaml.replace('total: "483.50"', 'total: 483.50');
    expect(violations(readCanonical(bad, 'bad.yaml').diagnostics)).toEqual([['SCHEMA_VIOLATION', line]]);
  });

  it('a project without a name is SCHEMA_VIOLATION at the line of that project', () => {
    const json = writeCanonical(fromText().publication, 'json');
    const nameLine = lineWhere(json, (l) => l.trim() === '"name": "购置经费",');
    const bad = json.split('\n').filter((_, i) => i + 1 !== nameLine).join('\n');
    const r = readCanonical(bad, 'bad.json');
    expect(violations(r.diagnostics)).toEqual([['SCHEMA_VIOLATION', nameLine - 1]]);
    expect(r.diagnostics[0]!.message).toMatch(/缺少必填字段“name”/);
  });

  it('an unknown field is SCHEMA_VIOLATION at its key; a wrong format tag too', () => {
    const yaml = writeCanonical(fromText().publication, 'yaml')
      .replace('format: pubtable/1', 'format: pubtable/2')
      .replace('    projects:\n', '    remark: 备注\n    projects:\n');
    const line = lineWhere(yaml, (l) => l.includes('remark: 备注'));
    const r = readCanonical(yaml, 'bad.yaml');
    expect(violations(r.diagnostics)).toEqual([
      ['SCHEMA_VIOLATION', 1],
      ['SCHEMA_VIOLATION', line],
    ]);
    expect(r.diagnostics[1]!.message).toContain('“remark”');
    expect(r.diagnostics.every((d) => d.severity === 'error' && /[\u4e00-\u9fff]/.test(d.message))).toBe(true);
  });

  it('an alias bomb costs nothing: each alias is YAML_ALIAS at its line, none is expanded', () => {
    // 1.7 KB: a unit repeated 100 times, holding a project repeated 100 times, holding an
    // indicator repeated 100 times — a million indicators, were the aliases followed.
    const A = '{total: "1.00", fiscal: "1.00", special: "0.00", other: "0.00"}';
    const refs = (name: string) => Array<string>(99).fill(`*${name}`).join(', ');
    const indicator = '{number: 1, level1: {code: "1", name: a}, level2: {code: "11", name: b}, name: c, cycleValue: d, annualValue: e}';
    const yaml = [
      `format: pubtable/1\ntitle: t\nyear: 2025\ndepartment: d\nmoneyUnit: 万元\nincludesTransfer: false\ntotal: ${A}`,
      `units:\n- &u {name: u, amounts: ${A}, projects: [&p {name: p, amounts: ${A}, goal: g, indicators: [&i ${indicator}, ${refs('i')}]}, ${refs('p')}]}`,
      ...Array<string>(99).fill('- *u'),
      'notes: []\n',
    ].join('\n');
    expect(yaml.length).toBeLessThan(2000);
    const t0 = performance.now();
    const r = readCanonical(yaml, 'bomb.yaml');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r.publication.units.flatMap((u) => u.projects.flatMap((p) => p.indicators))).toHaveLength(1);
    const aliases = r.diagnostics.filter((d) => d.code === 'YAML_ALIAS');
    // The first 20 at their lines, then one saying how many more.
    expect(aliases).toHaveLength(21);
    expect(aliases[0]!.source).toEqual({ file: 'bomb.yaml', line: 9 });
    expect(aliases[20]!.message).toContain(`另有 ${99 * 3 - 20} 处`);
  });

  it('an amount written as a huge number is SCHEMA_VIOLATION, not a crash', () => {
    const json = writeCanonical(fromText().publication, 'json').replace('"total": "3105.64"', '"total": 1e307');
    const r = readCanonical(json, 'huge.json');
    expect(r.diagnostics.map((d) => d.code)).toContain('SCHEMA_VIOLATION');
  });

  it('a syntax error is SYNTAX_ERROR at its line; a document that is no object is an InputError', () => {
    const json = writeCanonical(fromText().publication, 'json');
    const line = lineWhere(json, (l) => l.trim() === '"department": "广州市番禺区人力资源和社会保障局（本级）",');
    const bad = json.replace('"department": "广州市番禺区人力资源和社会保障局（本级）",', '"department": "广州市番禺区人力资源和社会保障局（本级）"');
    const r = readCanonical(bad, 'bad.json');
    expect(r.diagnostics.map((d) => d.code)).toContain('SYNTAX_ERROR');
    expect(r.diagnostics.every((d) => d.code === 'SYNTAX_ERROR')).toBe(true);
    expect([line, line + 1]).toContain(r.diagnostics[0]!.source.line);

    // Still an object: the errors are reported and reading goes on.
    const broken = readCanonical('{\n"a": [}', 'x.json').diagnostics;
    expect(broken.length).toBeGreaterThan(0);
    expect(broken.every((d) => d.code === 'SYNTAX_ERROR' && d.source.line === 2)).toBe(true);
    for (const text of ['', '[1, 2]', 'just some text', '[}']) {
      expect(() => readCanonical(text, 'x.json'), JSON.stringify(text)).toThrow(InputError);
    }
    expect(() => readCanonical('\n\n[}', 'x.json')).toThrow(expect.objectContaining({ code: 'SYNTAX_ERROR', source: { file: 'x.json', line: 3 } }));
  });
});
