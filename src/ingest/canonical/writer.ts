/**
 * The canonical data form as JSON or YAML: what `convert` writes and ./reader.ts reads back
 * to the same model. The data and its key order are ./data.ts's.
 */
import { stringify } from 'yaml';
import type { Publication } from '../../model/types.js';
import { canonicalData, canonicalJson } from './data.js';

export { CANONICAL_FORMAT } from './data.js';

export function writeCanonical(p: Publication, format: 'json' | 'yaml'): string {
  if (format === 'json') return canonicalJson(p);
  // lineWidth 0: no folding, one value per line, so diffs stay line-aligned.
  return stringify(canonicalData(p), { lineWidth: 0 });
}
