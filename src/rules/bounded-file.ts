import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * Limits on the small files the tool reads whole (rule, scenario and format-profile YAML, the
 * clinic register). Far above any real file (the bundled rule files are about 20 KB, a register
 * of every clinic in Sweden would be under 1 MB), low enough that a wrong file (a 100 MB export
 * given as --rules, /dev/zero) is refused at once instead of filling memory.
 */
export const FILE_LIMITS = {
  yaml: { bytes: 1024 * 1024, what: 'a rule, scenario or format-profile file' },
  register: { bytes: 16 * 1024 * 1024, what: 'a clinic register' },
} as const;

/** Why a small file cannot be read, with the line where a limit was reached (the error classes differ per caller). */
export interface FileProblem {
  problem: string;
  line?: number;
}

function linesIn(buf: Buffer, n: number): number {
  let lines = 1;
  for (let i = buf.indexOf(10); i !== -1 && i < n; i = buf.indexOf(10, i + 1)) lines++;
  return lines;
}

/**
 * Reads a whole small file, refusing what is not a regular file (a device like /dev/zero, a
 * pipe, a directory) and what is larger than `maxBytes`: the file may also grow while it is read,
 * so at most maxBytes + 1 bytes are ever read.
 */
export function readBoundedFile(file: string, limit: { bytes: number; what: string }): Buffer | FileProblem {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    return { problem: `cannot read file (${code})` };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { problem: 'is a directory, not a file' };
    if (!st.isFile()) return { problem: 'is not a regular file (a device, pipe or socket that may never end): give a file' };
    const mb = (limit.bytes / (1024 * 1024)).toFixed(0);
    if (st.size > limit.bytes) {
      const head = Buffer.alloc(Math.min(limit.bytes, 1 << 20));
      const n = readSync(fd, head, 0, head.length, 0);
      return {
        problem: `is ${(st.size / (1024 * 1024)).toFixed(1)} MB, more than the ${mb} MB limit for ${limit.what} (is it the right file?)`,
        line: linesIn(head, n),
      };
    }
    const buf = Buffer.alloc(limit.bytes + 1);
    let got = 0;
    for (;;) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n <= 0) break;
      got += n;
      if (got > limit.bytes) return { problem: `grows past the ${mb} MB limit for ${limit.what} while it is read`, line: linesIn(buf, got) };
    }
    return buf.subarray(0, got);
  } catch (e) {
    return { problem: `cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  } finally {
    closeSync(fd);
  }
}

export function isFileProblem(x: Buffer | FileProblem): x is FileProblem {
  return !Buffer.isBuffer(x);
}
