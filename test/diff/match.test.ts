/**
 * How two versions' projects are paired (src/diff/match.ts): by unit and name, then a
 * similar name at the same position, then the most similar name elsewhere; the rest are
 * added or removed. diff.test.ts checks the change lists these pairings make.
 */
import { describe, expect, it } from 'vitest';
import { pairProjects, similarity } from '../../src/diff/match.js';
import type { ProjectRef } from '../../src/model/projects.js';
import type { Project, Unit } from '../../src/model/types.js';

const unit = { name: '本级' } as Unit;
const other = { name: '下属中心' } as Unit;
const ref = (name: string, position: number, u: Unit = unit): ProjectRef => ({ unit: u, project: { name } as Project, position });
const names = (pairs: [ProjectRef, ProjectRef][]) => pairs.map(([b, a]) => `${b.project.name}@${b.position}→${a.project.name}@${a.position}`);

describe('similarity', () => {
  it('is Dice on character bigrams: 1 for the same name, 0 for nothing shared', () => {
    expect(similarity('就业补贴', '就业补贴')).toBe(1);
    expect(similarity('就业补贴', '培训经费')).toBe(0);
    expect(similarity('ab', 'abc')).toBeCloseTo(2 / 3, 12);
    expect(similarity('就业补贴项目', '就业补贴项目（更正）')).toBeCloseTo((2 * 5) / (5 + 9), 12);
  });

  it('counts a repeated bigram as often as both names have it', () => {
    expect(similarity('aaa', 'aa')).toBeCloseTo(2 / 3, 12);
    expect(similarity('abab', 'ab')).toBeCloseTo(2 / 4, 12);
  });

  it('takes a one-character name as one gram', () => {
    expect(similarity('甲', '乙')).toBe(0);
    expect(similarity('甲', '甲乙')).toBe(0);
  });
});

describe('pairProjects', () => {
  it('pairs the same unit and name, in order when a name repeats, and sorts pairs by their new position', () => {
    const before = [ref('甲', 1), ref('乙', 2), ref('乙', 3)];
    const after = [ref('乙', 1), ref('乙', 2), ref('甲', 3)];
    const r = pairProjects(before, after);
    expect(names(r.pairs)).toEqual(['乙@2→乙@1', '乙@3→乙@2', '甲@1→甲@3']);
    expect(r.added).toEqual([]);
    expect(r.removed).toEqual([]);
  });

  it('a name in another unit is not the same project', () => {
    const r = pairProjects([ref('甲项目经费', 1)], [ref('甲项目经费', 1, other)]);
    // Same position and a similar name: paired as a rename, not as the same key.
    expect(names(r.pairs)).toEqual(['甲项目经费@1→甲项目经费@1']);
    expect(r.pairs[0]![1].unit).toBe(other);
  });

  it('a renamed project at the same position pairs if the names are somewhat alike (≥ 0.3)', () => {
    const r = pairProjects([ref('职业技能培训经费', 1)], [ref('技能培训补助', 1)]);
    expect(similarity('职业技能培训经费', '技能培训补助')).toBeGreaterThanOrEqual(0.3);
    expect(names(r.pairs)).toEqual(['职业技能培训经费@1→技能培训补助@1']);
  });

  it('a rename at the same position wins over a more alike name elsewhere', () => {
    const before = [ref('公共服务', 1), ref('其他', 2), ref('职业技能培训经费', 3)];
    const after = [ref('公共服务', 1), ref('职业技能培训经费（更正）', 2), ref('职业技能鉴定经费', 3)];
    const r = pairProjects(before, after);
    expect(names(r.pairs)).toEqual(['公共服务@1→公共服务@1', '职业技能培训经费@3→职业技能鉴定经费@3']);
    expect(r.removed.map((x) => x.project.name)).toEqual(['其他']);
    expect(r.added.map((x) => x.project.name)).toEqual(['职业技能培训经费（更正）']);
  });

  it('at the same position but unlike, and nowhere alike enough (≥ 0.6): removed and added', () => {
    const r = pairProjects([ref('就业补贴', 1), ref('培训经费', 2)], [ref('就业补贴', 1), ref('办公设备购置', 2)]);
    expect(names(r.pairs)).toEqual(['就业补贴@1→就业补贴@1']);
    expect(r.removed.map((x) => x.project.name)).toEqual(['培训经费']);
    expect(r.added.map((x) => x.project.name)).toEqual(['办公设备购置']);
  });

  it('a project moved and renamed pairs with the most alike name elsewhere', () => {
    const before = [ref('公共实训基地运营经费', 1), ref('其他', 2)];
    const after = [ref('无关项目', 1), ref('公共实训基地运营', 2), ref('公共实训基地运营补助经费', 3)];
    const r = pairProjects(before, after);
    // 其他 is like nothing; the first is most like the second (0.875 against 0.8).
    expect(similarity('公共实训基地运营经费', '公共实训基地运营')).toBeGreaterThan(similarity('公共实训基地运营经费', '公共实训基地运营补助经费'));
    expect(names(r.pairs)).toEqual(['公共实训基地运营经费@1→公共实训基地运营@2']);
    expect(r.removed.map((x) => x.project.name)).toEqual(['其他']);
    expect(r.added.map((x) => x.project.name).sort()).toEqual(['公共实训基地运营补助经费', '无关项目'].sort());
  });
});
