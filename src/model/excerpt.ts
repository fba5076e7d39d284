/**
 * A publication cut down to some of its projects: what a printout (one project's form) or a
 * set of printouts was made from, as a publication of its own that still adds up. Each unit
 * keeps its name and only the chosen projects; its row and the 合计 row become the sums of
 * what is kept (a printout does not show the unit's other projects, so their amounts are not
 * part of what it was made from). Notes around the table are left out: forms do not print them.
 */
import { sumOf } from './amount.js';
import type { Amounts, Publication } from './types.js';
import type { ProjectRef } from './projects.js';

export function excerptOf(p: Publication, refs: ProjectRef[]): Publication {
  const chosen = new Set(refs.map((r) => r.project));
  const units = p.units
    .map((unit) => {
      const projects = unit.projects.filter((x) => chosen.has(x));
      return { ...unit, projects, amounts: totalOf(projects.map((x) => x.amounts)) };
    })
    .filter((u) => u.projects.length > 0);
  return { ...p, units, total: totalOf(units.map((u) => u.amounts)), notes: [] };
}

function totalOf(rows: Amounts[]): Amounts {
  return {
    total: sumOf(rows.map((r) => r.total)),
    fiscal: sumOf(rows.map((r) => r.fiscal)),
    special: sumOf(rows.map((r) => r.special)),
    other: sumOf(rows.map((r) => r.other)),
  };
}
