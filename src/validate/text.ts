/**
 * Checks on names and free text: duplicate project names within a unit, and Latin words
 * standing inside Chinese sentences (`制度化 and 规范化`, usually an export artefact).
 */
import { warning, type Diagnostic } from '../model/diagnostic.js';
import type { Project, Source, Unit } from '../model/types.js';

const HAN = '[\\u3400-\\u9fff\\uf900-\\ufaff]';
/** A lower-case word between Chinese characters: abbreviations (GB, APP, PM2.5) are upper-case. */
const LATIN_WORD = new RegExp(`${HAN}[\\s，,、]*([a-z]{2,})[\\s，,、]*${HAN}`, 'g');

export function checkDuplicateNames(unit: Unit): Diagnostic[] {
  const seen = new Map<string, Project>();
  const out: Diagnostic[] = [];
  for (const p of unit.projects) {
    const first = seen.get(p.name);
    if (first) {
      const line = first.source.line !== undefined ? `第${first.source.line}行` : (first.source.cell ?? '');
      out.push(warning('DUPLICATE_PROJECT', `资金使用单位“${unit.name}”中项目名称“${p.name}”重复（另见${line}）`, p.source));
    } else seen.set(p.name, p);
  }
  return out;
}

export function checkLatinWords(what: string, text: string, source: Source): Diagnostic[] {
  return [...text.matchAll(LATIN_WORD)].map((m) =>
    warning('LATIN_IN_CHINESE', `${what}中文句中夹有英文单词“${m[1]}”，可能是导出错误`, source),
  );
}
