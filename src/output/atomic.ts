import {
  closeSync,
  copyFileSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  symlinkSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { EnvironmentError } from '../input/errors.js';

/** Temporary files are hidden beside their target: `.payout-2026-03.csv.<pid>.tmp`. */
const TEMP = /^\.(.+)\.(\d+)\.tmp$/;
const FLUSH_AT = 64 * 1024;

/**
 * The state of an output directory lives in `<out>/.vardval/`: one directory per run
 * (`run-<pid>-<n>`), `current` (a symlink naming the run whose files are the outputs) and `lock`.
 * Each output file in `<out>` is a symlink `payment-basis.csv → .vardval/current/payment-basis.csv`,
 * so replacing `current` (one rename) replaces every file of the set at once.
 */
const STATE_DIR = '.vardval';
const CURRENT = 'current';
const LOCK = 'lock';
const RUN = /^run-(\d+)-\d+$/;

function writeAll(fd: number, text: string | Uint8Array): void {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
}

function tempName(name: string): string {
  return `.${name}.${process.pid}.tmp`;
}

/** When the process with this pid started (Linux: /proc), to tell a reused pid from the lock's owner. */
function startTime(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

function alive(pid: number, started = ''): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return started === '' || startTime(pid) === '' || startTime(pid) === started;
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

/** Makes renames durable (not possible on every platform; best effort). */
function syncPath(path: string): void {
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Windows cannot open a directory for fsync
  }
}

function lstatOrNull(path: string): ReturnType<typeof lstatSync> | null {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** A symlink made under a temporary name and renamed over `path` (replacing a file or link in one step). */
function replaceWithSymlink(target: string, path: string): void {
  const tmp = join(dirname(path), tempName(basename(path)));
  rmSync(tmp, { force: true });
  symlinkSync(target, tmp);
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * The lock of an output directory: `<out>/.vardval/lock`, created exclusively, holding the pid
 * (and its start time) of the run that writes. A lock whose process no longer runs (killed,
 * power cut) is broken by the next run; a live one makes the second run stop with a clear
 * message instead of mixing its files with the first run's.
 */
export class OutputLock {
  private held = false;
  private readonly onExit = (): void => this.release();
  constructor(readonly dir: string) {}

  get path(): string {
    return join(this.dir, STATE_DIR, LOCK);
  }

  acquire(): void {
    if (this.held) return;
    mkdirSync(join(this.dir, STATE_DIR), { recursive: true });
    const mine = `${process.pid} ${startTime(process.pid)}\n`;
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const fd = openSync(this.path, 'wx');
        try {
          writeAll(fd, mine);
        } finally {
          closeSync(fd);
        }
        this.held = true;
        process.once('exit', this.onExit);
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      let text: string;
      try {
        text = readFileSync(this.path, 'utf8');
      } catch {
        continue; // released meanwhile
      }
      const [pid, started] = text.trim().split(' ');
      if (pid && /^\d+$/.test(pid) && alive(Number(pid), started))
        throw new EnvironmentError(
          this.dir,
          `another vardval run (pid ${pid}) is writing to this output directory; wait for it to finish or use another --out (a lock left by a run that no longer runs is removed by itself)`,
        );
      this.breakStale(text);
    }
    throw new EnvironmentError(this.path, 'could not take the lock of the output directory (other runs keep taking it)');
  }

  /** Takes a dead run's lock out of the way, putting it back if another run replaced it meanwhile. */
  private breakStale(seen: string): void {
    const aside = `${this.path}.${process.pid}.stale`;
    try {
      renameSync(this.path, aside);
    } catch {
      return;
    }
    if (readFileSync(aside, 'utf8') !== seen) {
      try {
        linkSync(aside, this.path); // a live run's lock, taken by mistake: give it back
      } catch {
        // a third run holds the lock now; the live run's lock stays set aside
      }
    }
    rmSync(aside, { force: true });
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    process.removeListener('exit', this.onExit);
    rmSync(this.path, { force: true });
  }
}

interface Temp {
  path: string;
  fd: number;
  pending: string[];
  size: number;
}

let runCounter = 0;

/**
 * A set of output files that replace the previous set as one step, or not at all.
 *
 * A run writes its files into a run directory of its own (`<out>/.vardval/run-<pid>-<n>/`),
 * flushes them to disk, and then replaces the symlink `<out>/.vardval/current` with one naming
 * its run directory: one rename, so a reader of `<out>/payment-basis.csv` (a symlink through
 * `current`) sees the previous set or the new one, never a mix. Files of the previous set that
 * this run does not write (comparison.csv after a calc) are carried over. A failure or a kill
 * at any moment before the rename leaves the previous set as it was; the next run removes what
 * a killed run left. The directory is locked for the whole run (OutputLock).
 */
export class AtomicOutputs {
  private readonly temps = new Map<string, Temp>();
  private readonly lock: OutputLock;
  private runDir: string | undefined;
  constructor(readonly dir: string) {
    this.lock = new OutputLock(dir);
  }

  private get state(): string {
    return join(this.dir, STATE_DIR);
  }

  /** Takes the lock and makes the run directory; called by the first write, or early to refuse a busy directory at once. */
  open(): void {
    if (this.runDir) return;
    if (lstatOrNull(this.dir)) {
      let st: Stats;
      try {
        st = statSync(this.dir);
      } catch (e) {
        throw new EnvironmentError(
          this.dir,
          (e as NodeJS.ErrnoException).code === 'ENOENT'
            ? '--out is a symbolic link to nothing (dangling)'
            : `--out cannot be used (${(e as NodeJS.ErrnoException).code})`,
        );
      }
      if (!st.isDirectory()) throw new EnvironmentError(this.dir, '--out is a file, not a directory');
    }
    mkdirSync(this.dir, { recursive: true });
    this.lock.acquire();
    removeStaleTemps(this.dir);
    this.removeOldRuns();
    this.runDir = join(this.state, `run-${process.pid}-${Date.now()}${runCounter++}`);
    mkdirSync(this.runDir);
  }

  /** Run directories other than the current one: those of killed or failed runs, and superseded ones. */
  private removeOldRuns(): void {
    const current = this.currentRun();
    for (const f of readdirSync(this.state))
      if ((RUN.test(f) || f.startsWith('legacy-')) && f !== current) rmSync(join(this.state, f), { recursive: true, force: true });
  }

  private currentRun(): string | undefined {
    try {
      return basename(readlinkSync(join(this.state, CURRENT)));
    } catch {
      return undefined;
    }
  }

  private temp(name: string, truncate: boolean): Temp {
    let t = this.temps.get(name);
    if (t && !truncate) return t;
    if (t) closeSync(t.fd);
    else this.open();
    const path = join(this.runDir!, name);
    t = { path, fd: openSync(path, 'w'), pending: [], size: 0 };
    this.temps.set(name, t);
    return t;
  }

  private flush(t: Temp): void {
    if (t.pending.length === 0) return;
    const text = t.pending.join('');
    t.pending = [];
    t.size = 0;
    writeAll(t.fd, text);
  }

  /** Sets the whole content of `name` (text as UTF-8, or bytes such as a workbook). */
  write(name: string, content: string | Uint8Array): void {
    const t = this.temp(name, true);
    if (typeof content !== 'string') {
      writeAll(t.fd, content);
      return;
    }
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

  /** Flushes the run's files to disk and makes them the outputs, all in one step. */
  commit(): string[] {
    this.open();
    const names = [...this.temps.keys()].sort();
    for (const name of names) {
      const t = this.temps.get(name)!;
      this.flush(t);
      fsyncSync(t.fd);
      closeSync(t.fd);
    }
    this.temps.clear();
    const runName = basename(this.runDir!);
    // every entry in <out> must be able to become our symlink: a directory in the way is an error before anything changes
    for (const name of names) {
      const st = lstatOrNull(join(this.dir, name));
      if (st?.isDirectory())
        throw new EnvironmentError(join(this.dir, name), 'is a directory; vardval writes a file of this name here (move the directory away)');
    }
    const previous = this.adoptLegacyFiles(names);
    if (previous) this.carryOver(previous, names);
    syncPath(this.runDir!);
    // the links in <out> point through `current`; before the swap they show the previous set
    for (const name of names) {
      const link = join(this.dir, name);
      const st = lstatOrNull(link);
      const target = join(STATE_DIR, CURRENT, name);
      if (!st?.isSymbolicLink() || readlinkSync(link) !== target) replaceWithSymlink(target, link);
    }
    replaceWithSymlink(runName, join(this.state, CURRENT)); // the one step
    syncPath(this.state);
    syncPath(this.dir);
    const old = previous;
    this.runDir = undefined;
    if (old && old !== runName) rmSync(join(this.state, old), { recursive: true, force: true });
    this.lock.release();
    return names.map((n) => join(this.dir, n));
  }

  /**
   * Output files of an older vardval (plain files in <out>): moved into a run directory of their
   * own that becomes `current` first, so that turning them into links changes nothing visible.
   * Returns the current run (after adoption), if any.
   */
  private adoptLegacyFiles(names: readonly string[]): string | undefined {
    const current = this.currentRun();
    const plain = names.filter((n) => lstatOrNull(join(this.dir, n))?.isFile());
    if (plain.length === 0) return current;
    const legacy = `legacy-${process.pid}-${Date.now()}`;
    const legacyDir = join(this.state, legacy);
    mkdirSync(legacyDir);
    if (current) for (const f of readdirSync(join(this.state, current))) linkOrCopy(join(this.state, current, f), join(legacyDir, f));
    for (const n of plain) linkOrCopy(join(this.dir, n), join(legacyDir, n));
    syncPath(legacyDir);
    replaceWithSymlink(legacy, join(this.state, CURRENT));
    if (current) rmSync(join(this.state, current), { recursive: true, force: true });
    return legacy;
  }

  /** Files of the previous set that this run does not write stay outputs. */
  private carryOver(previous: string, names: readonly string[]): void {
    let files: string[];
    try {
      files = readdirSync(join(this.state, previous));
    } catch {
      return;
    }
    for (const f of files) if (!names.includes(f)) linkOrCopy(join(this.state, previous, f), join(this.runDir!, f));
  }

  /** Removes this run's files (failure); the previous outputs stay as they were. */
  abort(): void {
    for (const t of this.temps.values()) {
      try {
        closeSync(t.fd);
      } catch {
        // already closed by a failed commit
      }
    }
    this.temps.clear();
    if (this.runDir) rmSync(this.runDir, { recursive: true, force: true });
    this.runDir = undefined;
    this.lock.release();
  }
}

function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** Write one file atomically (temporary file beside it, flushed, renamed); the temporary file never stays behind. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const dir = dirname(path);
  removeStaleTemps(dir);
  const t = join(dir, tempName(basename(path)));
  try {
    const fd = openSync(t, 'w');
    try {
      writeAll(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(t, path);
  } catch (e) {
    try {
      unlinkSync(t);
    } catch {
      // never created
    }
    throw e;
  }
}
