/**
 * The programs the tests read files back with (poppler, qpdf, LibreOffice, the Noto CJK fonts,
 * Chromium).
 * On a developer's machine a test that needs a missing one is skipped; on CI (`CI` set)
 * the suite refuses to start instead (test/setup/readers.ts), so a green run means every
 * reader really ran. Under mutation testing (PUBTABLE_MUTATION set) the LibreOffice tests
 * are left out on purpose: they take seconds per mutant and only re-check what the
 * in-process tests check.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A Noto CJK font collection (fonts-noto-cjk), for the .ttc face test. */
export const NOTO_CJK_TTC = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

export interface Reader {
  what: string;
  /** The Debian package that provides it. */
  debian: string;
  present: () => boolean;
}

const runs = (cmd: string, ...args: string[]) => () => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

export const READERS: Record<'poppler' | 'qpdf' | 'libreoffice' | 'notoCjk' | 'chromium', Reader> = {
  poppler: { what: 'pdftotext, pdfinfo, pdffonts', debian: 'poppler-utils', present: runs('pdftotext', '-v') },
  // Uncompresses a PDF's page content, where the table rules are (helpers/read-back.ts pdfRules).
  qpdf: { what: 'qpdf', debian: 'qpdf', present: runs('qpdf', '--version') },
  libreoffice: { what: 'soffice', debian: 'libreoffice-writer-nogui libreoffice-calc-nogui', present: runs('soffice', '--version') },
  notoCjk: { what: NOTO_CJK_TTC, debian: 'fonts-noto-cjk', present: () => existsSync(NOTO_CJK_TTC) },
  // Prints HTML pages as a browser does (helpers/html-read-back.ts).
  chromium: { what: 'chromium', debian: 'chromium', present: runs('chromium', '--version') },
};

/** Whether tests needing `reader` run here: always on CI (where a missing one fails the suite). */
export function canRun(reader: Reader): boolean {
  return reader === READERS.libreoffice && process.env.PUBTABLE_MUTATION ? false : reader.present();
}
