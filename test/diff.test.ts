import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffPublications } from '../src/diff/diff.js';
import { similarity } from '../src/diff/match.js';
import { readTextExport } from '../src/ingest/text-export.js';
import { pubtable } from './helpers/cli.js';
import { exampleText } from './helpers/example.js';
import { docxText, pdfText } from './helpers/read-back.js';

const read = (t: string) => readTextExport(Buffer.from(t), 'x.txt').publication;

describe('pubtable diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pubtable-diff-'));
  const edited = exampleText()
    .replace('购置经费\t38.44\t38.44', '购置经费\t38.44\t38.40')
    .replace('以提升办公效率和安全性。', '以提升办公效率。')
    .replace('完成相关设备采购；实施周期指标值:62台；年度指标值:62台', '完成相关设备采购；实施周期指标值:62台；年度指标值:60台');
  const oldFile = join(dir, 'old.txt');
  const newFile = join(dir, 'new.txt');
  writeFileSync(oldFile, exampleText());
  writeFileSync(newFile, edited);

  it('lists exactly one amount, one goal and one indicator value', () => {
    const changes = diffPublications(read(exampleText()), read(edited));
    expect(changes.map((c) => [c.kind, c.subject, c.field, c.before, c.after])).toEqual([
      ['amount-changed', '购置经费', '财政拨款', '38.44', '38.40'],
      ['goal-changed', '购置经费', '绩效目标', '根据工作安排，更新购置电脑等设备，以提升办公效率和安全性。', '根据工作安排，更新购置电脑等设备，以提升办公效率。'],
      ['indicator-changed', '购置经费', '第1条指标 年度指标值', '62台', '60台'],
    ]);
  });

  it('finds renames, additions and removals', () => {
    const renamed = exampleText().replace('工伤认定工作经费\t', '工伤认定工作专项经费\t');
    expect(diffPublications(read(exampleText()), read(renamed)).map((c) => [c.kind, c.before, c.after])).toEqual([
      ['project-renamed', '工伤认定工作经费', '工伤认定工作专项经费'],
    ]);
    const lines = exampleText().split('\n');
    const moved = lines.filter((l) => !l.startsWith('法律顾问服务费\t'));
    moved.push(lines.find((l) => l.startsWith('法律顾问服务费\t'))!.replace('法律顾问服务费', '新增的信息化项目'));
    const kinds = diffPublications(read(exampleText()), read(moved.join('\n'))).map((c) => `${c.kind}:${c.subject}`);
    expect(kinds).toEqual(['project-removed:法律顾问服务费', 'project-added:新增的信息化项目']);
    expect(similarity('工伤认定工作经费', '工伤认定工作专项经费')).toBeGreaterThan(0.6);
  });

  it('prints Chinese for people, JSON for tools, and a 更正说明 document', async () => {
    const human = pubtable(['diff', oldFile, newFile]);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain('共 3 处变化');
    expect(human.stdout).toContain('金额更正：购置经费 · 财政拨款');
    const json = JSON.parse(pubtable(['diff', oldFile, newFile, '--json']).stdout);
    expect(json.changes).toHaveLength(3);
    expect(json.changes[0].source.line).toBe(22);
    const pdf = join(dir, '更正说明.pdf');
    const docx = join(dir, '更正说明.docx');
    expect(pubtable(['diff', oldFile, newFile, '--out', pdf]).status).toBe(0);
    expect(pubtable(['diff', oldFile, newFile, '--out', docx]).status).toBe(0);
    expect(pdfText(pdf)).toContain('60台');
    expect(await docxText(readFileSync(docx))).toContain('以提升办公效率。');
  });
});
