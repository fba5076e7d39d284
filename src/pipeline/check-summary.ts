/**
 * What the checks found, as one JSON object: `validate --json` prints it and the workbench
 * shows it. Amounts are exact decimal strings.
 */
import { amountToString } from '../model/amount.js';
import { hasErrors, type Diagnostic, type InputError } from '../model/diagnostic.js';
import { recordCounts } from '../model/projects.js';
import type { Publication } from '../model/types.js';

export function summaryJson(p: Publication, diagnostics: Diagnostic[]): object {
  return {
    ok: !hasErrors(diagnostics),
    ...recordCounts(p),
    totals: {
      total: amountToString(p.total.total),
      fiscal: amountToString(p.total.fiscal),
      special: amountToString(p.total.special),
      other: amountToString(p.total.other),
    },
    issues: issuesJson(diagnostics),
  };
}

/** Each message with its severity, code, text and place (file, line or sheet and cell). */
export function issuesJson(diagnostics: Diagnostic[]): object[] {
  return diagnostics.map((d) => ({ severity: d.severity, code: d.code, message: d.message, ...d.source }));
}

/** `validate --json` for a file that could not be read at all: nothing counted, one fatal issue. */
export function unreadableJson(e: InputError): object {
  return {
    ok: false,
    units: 0,
    projects: 0,
    indicators: 0,
    totals: null,
    issues: [{ severity: 'error', code: e.code, message: e.message, ...e.source }],
  };
}
