/**
 * Warnings said once each: a character missing from a font shows up in every cell that
 * uses it, and in the PDF of every printout, but the user needs one message per character
 * and place. Writers collect theirs in one; a build gathers all writers' in another.
 */
import type { RenderWarning } from './renderer.js';

export class WarningList {
  readonly items: RenderWarning[] = [];
  private readonly seen = new Set<string>();

  /**
   * Adds `warning` unless one with the same key was added (the key defaults to all its
   * fields); whether it was new.
   */
  add(warning: RenderWarning, key = `${warning.code}\0${warning.message}\0${warning.ref ?? ''}`): boolean {
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    this.items.push(warning);
    return true;
  }
}

/** A style names a font family the document does not define: the writer falls back to its default. */
export function unknownFontWarning(key: string): RenderWarning {
  return { code: 'FONT_UNKNOWN', message: `样式引用了未定义的字体“${key}”，改用默认字体` };
}
