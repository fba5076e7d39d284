/**
 * Vitest global setup: every temporary folder the tests make (theirs, the command line's,
 * LibreOffice's, the workbench's) goes under one folder of this run, removed at the end.
 * Workers and child processes inherit TMPDIR, and os.tmpdir() reads it on each call.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function scratchFolder(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'pubtable-tests-'));
  // Others may pass through, as through /tmp: some tests run the command as another user.
  chmodSync(root, 0o755);
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(root, { recursive: true, force: true });
  };
}
