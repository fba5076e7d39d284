/**
 * Notices when an input is saved. Excel, WPS and most editors save by writing a new file
 * and renaming it over the old one, which ends a watch on the file itself: the folder is
 * watched, for the file's name. A save arrives as several events; they are gathered for a
 * moment and only a change of the bytes counts.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

const SETTLE_MS = 40;

export function watchFile(path: string, onChange: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(path), (_, name) => {
      if (name !== null && name !== basename(path)) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, SETTLE_MS);
    });
    // A folder removed or unreadable later: the workbench keeps what it showed.
    watcher.on('error', () => watcher?.close());
  } catch {
    // A folder that cannot be watched: the page still works, without live updates.
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
  };
}
