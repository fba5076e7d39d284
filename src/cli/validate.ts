/** `pubtable validate <input> [--json]`: read, check, and say what was found. */
import { hasErrors, InputError } from '../model/diagnostic.js';
import { loadPublication } from '../pipeline/load.js';
import { summaryJson, unreadableJson } from '../pipeline/check-summary.js';
import { summaryText } from './summary.js';

export async function validateCommand(input: string, json: boolean): Promise<number> {
  let loaded;
  try {
    loaded = await loadPublication(input);
  } catch (e) {
    // --json promises one JSON object whatever happens: a file that cannot be read is one too.
    if (!json || !(e instanceof InputError)) throw e;
    process.stdout.write(JSON.stringify(unreadableJson(e)) + '\n');
    return 2;
  }
  const { publication, diagnostics } = loaded;
  if (json) process.stdout.write(JSON.stringify(summaryJson(publication, diagnostics)) + '\n');
  else process.stdout.write(summaryText(publication, diagnostics));
  return hasErrors(diagnostics) ? 1 : 0;
}
