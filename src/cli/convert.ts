/** `pubtable convert <input> --to json|yaml [--out FILE]`: the records as canonical data. */
import { formatDiagnostic, hasErrors } from '../model/diagnostic.js';
import { loadPublication } from '../pipeline/load.js';
import { writeFileAtomic } from '../pipeline/write-atomic.js';

export async function convertCommand(input: string, to: 'json' | 'yaml', out: string | undefined): Promise<number> {
  const { publication, diagnostics } = await loadPublication(input);
  for (const d of diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
  if (hasErrors(diagnostics)) return 1;
  // yaml is loaded only when a command needs it: it adds to every start-up otherwise.
  const { writeCanonical } = await import('../ingest/canonical/writer.js');
  const text = writeCanonical(publication, to);
  if (out === undefined) process.stdout.write(text);
  else await writeFileAtomic(out, text);
  return 0;
}
