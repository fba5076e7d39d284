/**
 * The canonical data form (format `pubtable/1`, schema/pubtable.schema.json) as a plain
 * object, and as JSON: amounts as exact decimal strings, keys in a fixed order. Apart from
 * ./writer.ts (which also writes YAML) so that writing JSON does not load a YAML library.
 */
import { amountToString } from '../../model/amount.js';
import type { Amounts, Publication } from '../../model/types.js';

export const CANONICAL_FORMAT = 'pubtable/1';

/** Key order is fixed here (and in the schema), so output is stable and diffable. */
export function canonicalData(p: Publication): object {
  return {
    format: CANONICAL_FORMAT,
    title: p.title,
    year: p.year,
    department: p.department,
    moneyUnit: p.moneyUnit,
    includesTransfer: p.includesTransfer,
    total: amountsData(p.total),
    units: p.units.map((u) => ({
      name: u.name,
      amounts: amountsData(u.amounts),
      projects: u.projects.map((x) => ({
        name: x.name,
        amounts: amountsData(x.amounts),
        goal: x.goal,
        indicators: x.indicators.map((i) => ({
          number: i.number,
          level1: { code: i.level1.code, name: i.level1.name },
          level2: { code: i.level2.code, name: i.level2.name },
          name: i.name,
          cycleValue: i.cycleValue,
          annualValue: i.annualValue,
        })),
      })),
    })),
    notes: [...p.notes],
  };
}

/** The canonical JSON text: two-space indents, a final newline. */
export function canonicalJson(p: Publication): string {
  return JSON.stringify(canonicalData(p), null, 2) + '\n';
}

function amountsData(a: Amounts): Record<keyof Amounts, string> {
  return {
    total: amountToString(a.total),
    fiscal: amountToString(a.fiscal),
    special: amountToString(a.special),
    other: amountToString(a.other),
  };
}
