import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Temporary files are hidden beside their target: `.payment-basis.csv.<pid>.tmp`. */
const TEMP = /^\.(.+)\.(\d+)\.tmp$/;
const FLUSH_AT = 64 * 1024;

function writeAll(fd: number, text: string | Uint8Array): void {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
}

function tempName(name: string): string {
  return `.${name}.${process.pid}.tmp`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files that a killed run (SIGKILL, power cut) left in `dir`: ours by
 * name, and only those of processes that no longer run, so a run going on beside us in the
 * same directory keeps its own.
 */
export function removeStaleTemps(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const f of entries) {
    const m = TEMP.exec(f);
    if (!m || Number(m[2]) === process.pid || alive(Number(m[2]))) continue;
    rmSync(join(dir, f), { force: true });
    removed.push(f);
  }
  return removed;
}

/** Makes the renames themselves durable (not possible on every platform; best effort). */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a directory for fsync; the renames are still atomic there
  }
}

interface Temp {
  path: string;
  fd: number;
  pending: string[];
  size: number;
}

/**
 * A set of output files that appear together or not at all: each is written to a temporary
 * file beside its target, flushed to disk, and renamed when the whole run has succeeded. A
 * failed or killed run leaves the previous outputs as they were; the temporary files of a
 * killed run are removed by the next run into the same directory.
 */
export class AtomicOutputs {
  private readonly temps = new Map<string, Temp>();
  private cleaned = false;
  constructor(readonly dir: string) {}

  private temp(name: string, truncate: boolean): Temp {
    let t = this.temps.get(name);
    if (t && !truncate) return t;
    if (t) {
      closeSync(t.fd);
    } else {
      mkdirSync(this.dir, { recursive: true });
      if (!this.cleaned) {
        removeStaleTemps(this.dir);
        this.cleaned = true;
      }
    }
    const path = join(this.dir, tempName(name));
    t = { path, fd: openSync(path, 'w'), pending: [], size: 0 };
    this.temps.set(name, t);
    return t;
  }

  private flush(t: Temp): void {
    if (t.pending.length === 0) return;
    writeAll(t.fd, t.pending.join(''));
    t.pending = [];
    t.size = 0;
  }

  /** Sets the whole content of `name` (text as UTF-8, or bytes such as a workbook). */
  write(name: string, content: string | Uint8Array): void {
    const t = this.temp(name, true);
    if (typeof content !== 'string') return writeAll(t.fd, content);
    t.pending.push(content);
    this.flush(t);
  }

  /** Adds to `name` (buffered: a run with many rejected rows does not write row by row). */
  append(name: string, content: string): void {
    const t = this.temp(name, false);
    t.pending.push(content);
    t.size += content.length;
    if (t.size >= FLUSH_AT) this.flush(t);
  }

  /** Flushes every temporary file to disk, then renames each onto its target. */
  commit(): string[] {
    const ordered = [...this.temps].sort(([a], [b]) => a.localeCompare(b));
    for (const [, t] of ordered) {
      this.flush(t);
      fsyncSync(t.fd);
      closeSync(t.fd);
    }
    const done: string[] = [];
    for (const [name, t] of ordered) {
      renameSync(t.path, join(this.dir, name));
      done.push(join(this.dir, name));
    }
    this.temps.clear();
    syncDir(this.dir);
    return done;
  }

  abort(): void {
    for (const t of this.temps.values()) {
      try {
        closeSync(t.fd);
      } catch {
        // already closed by a failed commit
      }
      rmSync(t.path, { force: true });
    }
    this.temps.clear();
  }
}

/** Write one file atomically (temporary file beside it, flushed, renamed). */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const dir = dirname(path);
  const t = join(dir, tempName(basename(path)));
  const fd = openSync(t, 'w');
  try {
    writeAll(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(t, path);
}
