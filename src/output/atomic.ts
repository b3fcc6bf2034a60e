import { mkdirSync, renameSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A set of output files that appear together or not at all: each is written to a temporary
 * file beside its target and renamed when the whole run has succeeded. A failed or killed run
 * leaves the previous outputs as they were.
 */
export class AtomicOutputs {
  private readonly temps = new Map<string, string>();
  constructor(readonly dir: string) {}

  private temp(name: string): string {
    let t = this.temps.get(name);
    if (!t) {
      mkdirSync(this.dir, { recursive: true });
      t = join(this.dir, `.${name}.${process.pid}.tmp`);
      writeFileSync(t, '');
      this.temps.set(name, t);
    }
    return t;
  }

  write(name: string, content: string): void {
    writeFileSync(this.temp(name), content);
  }

  append(name: string, content: string): void {
    appendFileSync(this.temp(name), content);
  }

  /** Renames every temporary file onto its target. */
  commit(): string[] {
    const done: string[] = [];
    for (const [name, t] of [...this.temps].sort(([a], [b]) => a.localeCompare(b))) {
      renameSync(t, join(this.dir, name));
      done.push(join(this.dir, name));
    }
    this.temps.clear();
    return done;
  }

  abort(): void {
    for (const t of this.temps.values()) rmSync(t, { force: true });
    this.temps.clear();
  }
}

/** Write one file atomically. */
export function writeFileAtomic(path: string, content: string): void {
  const t = `${path}.${process.pid}.tmp`;
  writeFileSync(t, content);
  renameSync(t, path);
}
