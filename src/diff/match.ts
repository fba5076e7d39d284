/**
 * Pairs the projects of two versions of the records: same unit and name first; then, for
 * what is left, the same position with a similar name (a rename); then the most similar
 * remaining pairs. What stays unpaired was added or removed.
 */
import type { ProjectRef } from '../model/projects.js';

export interface Pairing {
  pairs: [ProjectRef, ProjectRef][];
  removed: ProjectRef[];
  added: ProjectRef[];
}

/** How alike two names are, 0…1: shared character bigrams (Dice), which suits Chinese. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const grams = (s: string) => {
    const chars = [...s];
    return chars.length < 2 ? [s] : chars.slice(1).map((c, i) => chars[i]! + c);
  };
  const ga = grams(a);
  const gb = grams(b);
  const pool = new Map<string, number>();
  for (const g of gb) pool.set(g, (pool.get(g) ?? 0) + 1);
  let shared = 0;
  for (const g of ga) {
    const n = pool.get(g) ?? 0;
    if (n > 0) {
      shared++;
      pool.set(g, n - 1);
    }
  }
  return (2 * shared) / (ga.length + gb.length);
}

const RENAME_AT_SAME_POSITION = 0.3;
const RENAME_ELSEWHERE = 0.6;

export function pairProjects(before: ProjectRef[], after: ProjectRef[]): Pairing {
  const key = (r: ProjectRef) => `${r.unit.name}\u0000${r.project.name}`;
  const pairs: [ProjectRef, ProjectRef][] = [];
  const leftA = new Set(after);
  const leftB: ProjectRef[] = [];
  // Projects of one name, in order, and how many of them are taken: pushing and indexing
  // (not copying or shift()) keeps 100,000 projects named alike linear.
  const byKey = new Map<string, { refs: ProjectRef[]; taken: number }>();
  for (const a of after) {
    const same = byKey.get(key(a));
    if (same) same.refs.push(a);
    else byKey.set(key(a), { refs: [a], taken: 0 });
  }
  for (const b of before) {
    const same = byKey.get(key(b));
    const a = same?.refs[same.taken++];
    if (a) {
      pairs.push([b, a]);
      leftA.delete(a);
    } else leftB.push(b);
  }
  const take = (b: ProjectRef, a: ProjectRef) => {
    pairs.push([b, a]);
    leftA.delete(a);
  };
  const unpaired: ProjectRef[] = [];
  for (const b of leftB) {
    const a = [...leftA].find((x) => x.position === b.position);
    if (a && similarity(a.project.name, b.project.name) >= RENAME_AT_SAME_POSITION) take(b, a);
    else unpaired.push(b);
  }
  const removed: ProjectRef[] = [];
  for (const b of unpaired) {
    let best: ProjectRef | null = null;
    let score = RENAME_ELSEWHERE;
    for (const a of leftA) {
      const s = similarity(a.project.name, b.project.name);
      if (s >= score) [best, score] = [a, s];
    }
    if (best) take(b, best);
    else removed.push(b);
  }
  pairs.sort((x, y) => x[1].position - y[1].position);
  return { pairs, removed, added: [...leftA] };
}
