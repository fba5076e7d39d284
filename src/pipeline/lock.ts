/**
 * One build at a time per output folder: `<out>/.pubtable.lock`, created exclusively and
 * holding the owner's pid, host and a random token. A second build is refused (exit 2)
 * instead of deleting the first one's staged files or interleaving manifests. A lock whose
 * process is gone (kill -9, a crash) is taken over; one from another host (a shared drive)
 * cannot be checked and counts as held. Released on success, failure and Ctrl-C, and on
 * process exit (a second Ctrl-C).
 */
import { randomBytes } from 'node:crypto';
import { constants, readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { OutputError, onPath } from './output-error.js';
import { tempPath } from './write-atomic.js';

export const LOCK_NAME = '.pubtable.lock';

interface Owner {
  pid: number;
  host: string;
  token: string;
}

export interface Lock {
  release(): Promise<void>;
}

export async function lockOutput(outDir: string): Promise<Lock> {
  const path = join(outDir, LOCK_NAME);
  const text = JSON.stringify({ pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex') } satisfies Owner) + '\n';
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await onPath(outDir, () => create(path, text))) return held(path, text);
    const current = await readLock(path);
    if (current === null) continue; // released meanwhile: try again
    const owner = ownerOf(current);
    if (owner !== null && alive(owner)) throw busy(path, owner);
    await takeOver(path, current);
  }
  throw busy(path, null);
}

/**
 * Creates the lock with its whole content or not at all: the text goes to a temporary
 * file that is then hard-linked to the lock's name (link fails if the name exists), so no
 * other build ever reads a half-written lock. Where hard links are not supported, an
 * exclusive create.
 */
async function create(path: string, text: string): Promise<boolean> {
  const tmp = tempPath(path);
  await writeFile(tmp, text, { flag: 'wx' });
  try {
    await link(tmp, path);
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOENT') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw e;
    return writeFile(path, text, { flag: 'wx' }).then(
      () => true,
      (e2: NodeJS.ErrnoException) => (e2.code === 'EEXIST' ? false : Promise.reject(e2)),
    );
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

async function readLock(path: string): Promise<string | null> {
  try {
    return await readFile(path, { encoding: 'utf8', flag: constants.O_RDONLY | constants.O_NOFOLLOW });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return ''; // a link or a folder in the lock's place: not a live build's lock
  }
}

function ownerOf(text: string): Owner | null {
  try {
    const o = JSON.parse(text) as Partial<Owner>;
    return Number.isSafeInteger(o.pid) && typeof o.host === 'string' ? (o as Owner) : null;
  } catch {
    return null;
  }
}

/** Whether the owner may still be running: on another host we cannot tell, so yes. */
function alive(owner: Owner): boolean {
  if (owner.host !== hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Moves a dead owner's lock aside and deletes it. If another build took it over between
 * our read and the move, what we moved is a live lock: it goes back (a link, which never
 * replaces a newer lock) and the next attempt finds it held.
 */
async function takeOver(path: string, dead: string): Promise<void> {
  const aside = tempPath(path);
  try {
    await rename(path, aside);
  } catch {
    return; // gone already: the next attempt creates it
  }
  const moved = await readLock(aside);
  if (moved !== dead) await link(aside, path).catch(() => {});
  await unlink(aside).catch(() => {});
}

function held(path: string, text: string): Lock {
  // A second Ctrl-C exits at once (cli/build.ts): the lock goes with the process.
  const onExit = () => {
    try {
      if (readFileSync(path, 'utf8') === text) unlinkSync(path);
    } catch {
      // already gone
    }
  };
  process.on('exit', onExit);
  return {
    async release() {
      process.off('exit', onExit);
      if ((await readLock(path)) === text) await unlink(path).catch(() => {});
    },
  };
}

function busy(path: string, owner: Owner | null): OutputError {
  const who = owner === null ? '' : `（进程 ${owner.pid}${owner.host === hostname() ? '' : `，主机 ${owner.host}`}）`;
  return new OutputError(
    'OUTPUT_BUSY',
    `输出目录正被另一个 pubtable 使用${who}；请等它结束后再运行。若确认没有 pubtable 在运行，可删除这个锁文件`,
    path,
  );
}
