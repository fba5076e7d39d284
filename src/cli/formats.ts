/** The `--formats` option of build. */
import { FORMATS, type Format } from '../render/index.js';

/** `pdf,docx`: each format once, however often it is named (`pdf,pdf`); an unknown one is a usage error. */
export function checkedFormats(text: string): Format[] {
  const wanted = [...new Set(text.split(',').map((f) => f.trim()).filter((f) => f !== ''))];
  const unknown = wanted.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (unknown.length > 0 || wanted.length === 0) throw new FormatsError(`未知的输出格式 ${unknown.join(',') || '（空）'}；可用：${FORMATS.join(',')}`);
  return wanted as Format[];
}

export class FormatsError extends Error {}
