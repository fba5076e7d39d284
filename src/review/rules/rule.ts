/**
 * What a rule is: a function from the publication's projects (in table order) and its own
 * settings to findings, each placed in the table so that review() can order them.
 */
import type { ProjectRef } from '../../model/projects.js';
import { excerpt } from '../../model/diagnostic.js';
import type { Indicator, Source } from '../../model/types.js';
import type { Finding } from '../finding.js';
import type { RuleCode, RuleSettings } from '../settings.js';

export interface Placed {
  finding: Finding;
  /** 1-based position of the project in the table (0: the publication). */
  project: number;
  /** Index of the indicator in its project; -1 for the project itself. */
  indicator: number;
}

export type Rule<C extends RuleCode> = (projects: readonly ProjectRef[], settings: RuleSettings[C]) => Placed[];

export function place<C extends RuleCode>(
  code: C,
  settings: RuleSettings[C],
  ref: ProjectRef,
  indicator: number,
  source: Source,
  message: string,
): Placed {
  return {
    finding: { code, severity: settings.severity, message, source, unit: ref.unit.name, project: ref.project.name },
    project: ref.position,
    indicator,
  };
}

/** `项目“X”第3条指标“Y”`: how a message names an indicator. */
export function indicatorLabel(ref: ProjectRef, ind: Indicator): string {
  return `项目“${ref.project.name}”第${ind.number}条指标“${excerpt(ind.name, 30)}”`;
}
