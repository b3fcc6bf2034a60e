/** An input problem that stops the run (exit 2). Never carries a patient id. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}${column ? ` (column '${column}')` : ''}: ${problem}`);
    this.name = 'InputError';
  }
}

/** The machine, not the input, stands in the way (permissions, a full disk, a busy output directory): exit 2, one line. */
export class EnvironmentError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'EnvironmentError';
  }
}

/** What the system's error codes mean for a user, by code. */
const ERRNO_TEXT: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'is a directory, a file was expected',
  ENOENT: 'no such file or directory',
  ELOOP: 'too many levels of symbolic links (a link that points to itself?)',
  EEXIST: 'already exists',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'an input/output error of the device',
  EPIPE: 'the reader of the output went away (broken pipe)',
  EXDEV: 'the paths are on different file systems',
  EBUSY: 'the file is busy',
  ETXTBSY: 'the file is busy',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
};

/**
 * A system error (from node:fs or a stream) as a one-line EnvironmentError naming the path,
 * or undefined when `e` is not one: then it is a bug.
 */
export function environmentErrorOf(e: unknown, fallbackPath = ''): EnvironmentError | undefined {
  if (e instanceof EnvironmentError) return e;
  if (!(e instanceof Error)) return undefined;
  const err = e as NodeJS.ErrnoException & { dest?: string };
  const code = err.code;
  if (typeof code !== 'string' || !(code in ERRNO_TEXT) || typeof err.syscall !== 'string') return undefined;
  const path = err.path ?? err.dest ?? fallbackPath;
  if (code === 'EEXIST' && err.syscall === 'mkdir') return new EnvironmentError(path, 'is a file where a directory is needed, EEXIST (mkdir)');
  const detail = err.dest && err.path ? ` (${err.syscall} ${err.path} → ${err.dest})` : ` (${err.syscall})`;
  return new EnvironmentError(path || err.syscall, `${ERRNO_TEXT[code]}, ${code}${detail}`);
}
