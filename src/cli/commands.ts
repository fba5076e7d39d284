/** The `validate` and `convert` commands: read, check, and say what was found. */
import { formatDiagnostic, hasErrors } from '../model/diagnostic.js';
import { loadPublication } from '../ingest/index.js';
import { writeFileAtomic } from '../pipeline/write-atomic.js';
import { summaryJson, summaryText } from './summary.js';

export async function validateCommand(input: string, json: boolean): Promise<number> {
  const { publication, diagnostics } = await loadPublication(input);
  if (json) process.stdout.write(JSON.stringify(summaryJson(publication, diagnostics)) + '\n');
  else process.stdout.write(summaryText(publication, diagnostics));
  return hasErrors(diagnostics) ? 1 : 0;
}

export async function convertCommand(input: string, to: 'json' | 'yaml', out: string | undefined): Promise<number> {
  const { publication, diagnostics } = await loadPublication(input);
  for (const d of diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
  if (hasErrors(diagnostics)) return 1;
  const { writeCanonical } = await import('../ingest/canonical/reader.js');
  const text = writeCanonical(publication, to);
  if (out === undefined) process.stdout.write(text);
  else await writeFileAtomic(out, text);
  return 0;
}
