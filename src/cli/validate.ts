/** `pubtable validate <input> [--json]`: read, check, and say what was found. */
import { hasErrors } from '../model/diagnostic.js';
import { loadPublication } from '../pipeline/load.js';
import { summaryJson, summaryText } from './summary.js';

export async function validateCommand(input: string, json: boolean): Promise<number> {
  const { publication, diagnostics } = await loadPublication(input);
  if (json) process.stdout.write(JSON.stringify(summaryJson(publication, diagnostics)) + '\n');
  else process.stdout.write(summaryText(publication, diagnostics));
  return hasErrors(diagnostics) ? 1 : 0;
}
