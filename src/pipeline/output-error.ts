/**
 * A fault of the output side: a folder that cannot be written, a full disk, a name too
 * long, a symbolic link where pubtable writes, a folder another build is using. These are
 * the user's or the machine's to fix, not bugs in pubtable: the CLI exits 2 with the
 * path and a Chinese message (cli/main.ts), never 3.
 */
export class OutputError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The file or folder the message is about, as the user named it (under --out). */
    readonly path: string,
  ) {
    super(message);
  }
}

/** What a system error means for someone writing files, by errno. */
const ERRNO: Record<string, [code: string, message: string]> = {
  EACCES: ['OUTPUT_NOT_WRITABLE', '没有权限写入这里（请检查目录的权限，或换一个输出目录）'],
  EPERM: ['OUTPUT_NOT_WRITABLE', '不允许写入这里（请检查目录的权限，或换一个输出目录）'],
  EROFS: ['OUTPUT_NOT_WRITABLE', '所在的文件系统是只读的'],
  ENOSPC: ['DISK_FULL', '磁盘空间不足，文件未能写完；输出目录保持原样'],
  EDQUOT: ['DISK_FULL', '超出磁盘配额，文件未能写完；输出目录保持原样'],
  EFBIG: ['FILE_TOO_LARGE', '文件超过了允许的大小（例如 ulimit -f 的限制），未能写完；输出目录保持原样'],
  ENAMETOOLONG: ['NAME_TOO_LONG', '文件名或路径过长，超出了文件系统的限制（文件名最多 255 字节）'],
  ENOTDIR: ['OUTPUT_NOT_A_FOLDER', '这里应是一个目录，却是一个文件'],
  EEXIST: ['OUTPUT_NOT_A_FOLDER', '这里应是一个目录，却已有同名的文件'],
  EISDIR: ['OUTPUT_IS_A_FOLDER', '这里应写一个文件，却已有同名的目录'],
  ELOOP: ['OUTPUT_SYMLINK', '是一个符号链接；pubtable 不会通过链接写入或删除文件'],
};

function isSystemError(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}

/** A system error from writing `path` as an OutputError; anything else (a bug) unchanged. */
export function asOutputError(e: unknown, path: string): unknown {
  if (e instanceof OutputError || !isSystemError(e)) return e;
  const [code, message] = ERRNO[e.code] ?? ['OUTPUT_FAILED', `无法写入（系统错误 ${e.code}）`];
  return new OutputError(code, message, path);
}

/** Runs one file-system step on `path`, turning its system errors into OutputErrors. */
export async function onPath<T>(path: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (e) {
    throw asOutputError(e, path);
  }
}
