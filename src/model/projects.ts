/**
 * Queries on a publication's projects: each with its unit and its position in the table
 * (printouts are numbered by it, diffs pair by it), and what a publication counts.
 */
import type { Project, Publication, Unit } from './types.js';

export interface ProjectRef {
  unit: Unit;
  project: Project;
  /** 1-based position in the publication. */
  position: number;
}

export function projectsOf(p: Publication): ProjectRef[] {
  return p.units.flatMap((unit) => unit.projects.map((project) => ({ unit, project }))).map((x, i) => ({ ...x, position: i + 1 }));
}

/** Units, projects and indicators, as the summary of `validate` reports them. */
export function recordCounts(p: Publication): { units: number; projects: number; indicators: number } {
  const projects = p.units.flatMap((u) => u.projects);
  return {
    units: p.units.length,
    projects: projects.length,
    indicators: projects.reduce((n, x) => n + x.indicators.length, 0),
  };
}
