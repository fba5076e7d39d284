/**
 * The model without `source`/`totalSource`/`moneyUnitSource`: what must survive a change of
 * format. Sources say where a record was read from, so they differ between formats by design.
 */
import type { Publication } from '../../src/model/types.js';

type SourceKey = 'source' | 'totalSource' | 'moneyUnitSource';
const SOURCE_KEYS: ReadonlySet<string> = new Set<SourceKey>(['source', 'totalSource', 'moneyUnitSource']);

export type Sourceless<T> = T extends bigint | string | number | boolean | null
  ? T
  : T extends (infer E)[]
    ? Sourceless<E>[]
    : { [K in keyof T as K extends SourceKey ? never : K]: Sourceless<T[K]> };

export function stripSources(p: Publication): Sourceless<Publication> {
  return strip(p) as Sourceless<Publication>;
}

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (!SOURCE_KEYS.has(k)) out[k] = strip(x);
  return out;
}
