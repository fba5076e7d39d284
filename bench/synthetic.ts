/**
 * Realistic synthetic publications for the benchmark: project rows are drawn from the
 * real example (so goal and indicator lengths follow its distribution), renamed, spread
 * over several units, with amounts that add up. Deterministic for a given size.
 */
import { addAmounts, type Amount } from '../src/model/amount.js';
import type { Project, Publication, Unit } from '../src/model/types.js';
import { sumAmounts, zeroAmounts } from '../src/model/amounts.js';

/** A small deterministic PRNG (mulberry32): the same size gives the same publication. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticPublication(example: Publication, projectCount: number): Publication {
  const rand = random(projectCount);
  const pool = example.units.flatMap((u) => u.projects);
  const unitCount = Math.max(1, Math.min(40, Math.round(projectCount / 25)));
  const units: Unit[] = Array.from({ length: unitCount }, (_, i) => ({
    name: `${example.department.replace(/（本级）$/, '')}${i === 0 ? '（本级）' : `第${i}所属单位`}`,
    amounts: zeroAmounts(),
    projects: [],
    source: example.source,
  }));
  for (let i = 0; i < projectCount; i++) {
    const model = pool[Math.floor(rand() * pool.length)]!;
    const fiscal = BigInt(Math.floor(rand() * 5_000_000)) as Amount;
    const other = (rand() < 0.2 ? BigInt(Math.floor(rand() * 100_000)) : 0n) as Amount;
    const project: Project = {
      ...model,
      name: `${model.name}（${String(i + 1).padStart(5, '0')}）`,
      amounts: { total: addAmounts(fiscal, other), fiscal, special: 0n as Amount, other },
    };
    units[Math.min(unitCount - 1, Math.floor((i / projectCount) * unitCount))]!.projects.push(project);
  }
  for (const u of units) u.amounts = sumAmounts(u.projects.map((p) => p.amounts));
  return { ...example, units, total: sumAmounts(units.map((u) => u.amounts)) };
}
