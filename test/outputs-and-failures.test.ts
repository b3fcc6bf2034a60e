/**
 * Issue 9: outputs are one unit (killed, failed and concurrent runs), every environment
 * failure is one line naming the path (exit 2), a bug is exit 70 without a stack trace.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { OutputLock } from '../src/output/atomic.js';
import { BIN, ROOT, cli, tmp } from './helpers.js';

const OUTPUTS = ['accounting.csv', 'completeness.csv', 'deductions.csv', 'payment-basis.csv', 'rejects.csv'];
const CLINICS = join(ROOT, 'fixtures/clinics.csv');
const EXPORTS = join(ROOT, 'fixtures/exports');
const MARCH = join(EXPORTS, 'cosmic-2026-03.csv');

function calc(out: string, ...inputs: string[]): ReturnType<typeof cli> {
  return cli(['calc', '--year', '2026', '--clinics', CLINICS, '--out', out, '-q', ...inputs]);
}
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => !f.startsWith('.'))
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
}
/** No stack trace: no "    at fn (file:line)" lines. */
const STACK = /^\s+at .+[:(]/m;

describe('all or nothing', () => {
  // two different, complete sets: one month, and the whole year
  const base = tmp('vardval-sets-');
  const OLD = join(base, 'old');
  const NEW = join(base, 'new');
  expect(calc(OLD, MARCH).code).toBe(0);
  expect(calc(NEW, EXPORTS).code).toBe(0);
  const oldSet = snapshot(OLD);
  const newSet = snapshot(NEW);

  it('the two sets differ in every file, so a mix would show', () => {
    // (neither has rejected rows: rejects.csv is the header in both)
    for (const f of ['accounting.csv', 'deductions.csv', 'payment-basis.csv']) expect(oldSet[f], f).not.toBe(newSet[f]);
  });

  it('a run killed at any moment leaves the previous set or the new one, whole, and the next run cleans up', async () => {
    const seen = new Set<string>();
    for (const delay of [0, 40, 80, 120, 160, 200, 240, 280, 320, 400, 600]) {
      const d = tmp('vardval-killed-');
      cpSync(OLD, join(d, 'out'), { recursive: true, verbatimSymlinks: true } as never);
      const child = spawn(process.execPath, [BIN, 'calc', '--year', '2026', '--clinics', CLINICS, '--out', join(d, 'out'), '-q', EXPORTS], { stdio: 'ignore' });
      const exited = new Promise<void>((res) => child.on('exit', () => res()));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;
      const after = snapshot(join(d, 'out'));
      const which = JSON.stringify(after) === JSON.stringify(oldSet) ? 'old' : JSON.stringify(after) === JSON.stringify(newSet) ? 'new' : 'MIXED';
      expect(which, `killed after ${delay} ms`).not.toBe('MIXED');
      seen.add(which);
      // the next run takes the killed run's lock and removes its run directory
      expect(calc(join(d, 'out'), MARCH).code).toBe(0);
      expect(snapshot(join(d, 'out'))).toEqual(oldSet);
      expect(readdirSync(join(d, 'out', '.vardval')).filter((f) => f.startsWith('run-'))).toHaveLength(1);
      expect(existsSync(join(d, 'out', '.vardval', 'lock'))).toBe(false);
    }
    expect(seen.has('old')).toBe(true); // the first kills land before the swap
  }, 60_000);

  it('a run that fails at the commit (rejects.csv is a directory) changes none of the files; exit 2 naming the path', () => {
    const d = tmp('vardval-commit-');
    cpSync(OLD, join(d, 'out'), { recursive: true, verbatimSymlinks: true } as never);
    const out = join(d, 'out');
    // replace one output by a directory: the run must refuse before any file changes
    const rejects = join(out, 'rejects.csv');
    const keep = snapshot(out);
    rmSync(rejects); // the output is a symlink into .vardval/current: the link goes, the file stays
    mkdirSync(rejects);
    const r = calc(out, EXPORTS);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`vardval: error: ${rejects}: is a directory; vardval writes a file of this name here (move the directory away)\n`);
    for (const f of OUTPUTS.filter((f) => f !== 'rejects.csv')) expect(readFileSync(join(out, f), 'utf8'), f).toBe(keep[f]);
    expect(readdirSync(join(out, '.vardval')).filter((f) => f.startsWith('run-'))).toHaveLength(1);
  });

  it('outputs of an older vardval (plain files) are taken over without a moment of mixed files; files of another command are kept', () => {
    const d = tmp('vardval-legacy-');
    const out = join(d, 'out');
    mkdirSync(out);
    for (const f of OUTPUTS) writeFileSync(join(out, f), readFileSync(join(OLD, f)));
    writeFileSync(join(out, 'comparison.csv'), 'kept\n');
    writeFileSync(join(out, 'notes.txt'), 'mine\n');
    expect(calc(out, EXPORTS).code).toBe(0);
    expect(snapshot(out)).toEqual({ ...newSet, 'comparison.csv': 'kept\n', 'notes.txt': 'mine\n' });
  });
});

describe('one run at a time per output directory', () => {
  it('a second run while the first one writes is refused with a clear message, exit 2; the first one finishes', async () => {
    const d = tmp('vardval-busy-');
    // a large input keeps the first run busy (every row rejected, rejects.csv grows)
    const rows = ['Period;EnhetsID;Enhetsnamn;KontaktID;Datum;Kontaktform;Status;Yrke;PatientID;Lan;Avgift'];
    for (let i = 0; i < 150_000; i++) rows.push(`2026-06;MX;x;B-${i};20260601;BESOK;G;FT;XR-${i}-X;17;bad`);
    writeFileSync(join(d, 'big.csv'), `${rows.join('\n')}\n`);
    const first = spawn(process.execPath, [BIN, 'calc', '--year', '2026', '--clinics', CLINICS, '--out', join(d, 'out'), '-q', join(d, 'big.csv')], {
      stdio: 'ignore',
    });
    const firstExit = new Promise<number | null>((res) => first.on('exit', (c) => res(c)));
    const lock = join(d, 'out', '.vardval', 'lock');
    while (!existsSync(lock)) await new Promise((r) => setTimeout(r, 5));
    const second = calc(join(d, 'out'), MARCH);
    expect(second.code).toBe(2);
    expect(second.stderr).toBe(
      `vardval: error: ${join(d, 'out')}: another vardval run (pid ${first.pid}) is writing to this output directory; wait for it to finish or use another --out (a lock left by a run that no longer runs is removed by itself)\n`,
    );
    expect(await firstExit).toBe(1); // it finishes and writes (exit 1: a wholly rejected export is incomplete input)
    expect(snapshot(join(d, 'out'))['rejects.csv']!.split('\n').length).toBe(150_002);
    expect(existsSync(lock)).toBe(false);
  }, 60_000);

  it('a lock whose process is gone (killed run, reused directory) is broken by the next run', () => {
    const d = tmp('vardval-stale-');
    mkdirSync(join(d, 'out', '.vardval'), { recursive: true, verbatimSymlinks: true } as never);
    writeFileSync(join(d, 'out', '.vardval', 'lock'), '4194305 12345\n'); // above Linux's pid_max: not running
    expect(calc(join(d, 'out'), MARCH).code).toBe(0);
    expect(existsSync(join(d, 'out', '.vardval', 'lock'))).toBe(false);
  });

  it('a lock of a live process with another start time (pid reused) is stale too; of a live one, held', () => {
    const d = tmp('vardval-lock-');
    mkdirSync(join(d, '.vardval'));
    writeFileSync(join(d, '.vardval', 'lock'), `${process.pid} not-its-start-time\n`);
    const l = new OutputLock(d);
    l.acquire();
    expect(readFileSync(l.path, 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    expect(() => new OutputLock(d).acquire()).toThrow(/another vardval run \(pid \d+\) is writing to this output directory/);
    l.release();
    expect(existsSync(l.path)).toBe(false);
  });
});

describe('environment failures: one line naming the path, exit 2', () => {
  it('--out that is a file, a dangling symlink, a symlink loop, or under a file', () => {
    const d = tmp('vardval-env-');
    writeFileSync(join(d, 'file'), 'x');
    symlinkSync(join(d, 'nowhere'), join(d, 'dangling'));
    symlinkSync(join(d, 'loop'), join(d, 'loop'));
    const cases: [string, string][] = [
      [join(d, 'file'), `${join(d, 'file')}: --out is a file, not a directory`],
      [join(d, 'dangling'), `${join(d, 'dangling')}: --out is a symbolic link to nothing (dangling)`],
      [join(d, 'loop'), `${join(d, 'loop')}: --out cannot be used (ELOOP)`],
      [join(d, 'file', 'sub'), `${join(d, 'file', 'sub')}: a part of the path is not a directory, ENOTDIR (lstat)`],
    ];
    for (const [out, message] of cases) {
      const r = calc(out, MARCH);
      expect(r.code, out).toBe(2);
      expect(r.stderr, out).toBe(`vardval: error: ${message}\n`);
    }
  });

  it('payout --out - on a full disk (/dev/full): one line, exit 2, no stack; payout to a file under a file: no temporary file left', () => {
    const full = spawnShell(
      `node ${JSON.stringify(BIN)} payout --month 2026-04 --clinics ${JSON.stringify(CLINICS)} --out - -q ${JSON.stringify(EXPORTS)} > /dev/full`,
    );
    expect(full.code).toBe(2);
    expect(full.stderr).toMatch(/^vardval: error: .*the disk is full, ENOSPC \(write\)\n$/);
    expect(full.stderr).not.toMatch(STACK);
    const d = tmp('vardval-payout-');
    writeFileSync(join(d, 'payout.csv'), 'a file');
    const r2 = cli(['payout', '--month', '2026-04', '--clinics', CLINICS, '--out', join(d, 'payout.csv', 'x.csv'), '-q', EXPORTS]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toBe(`vardval: error: ${join(d, 'payout.csv')}: is a file where a directory is needed, EEXIST (mkdir)\n`);
    expect(readdirSync(d).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a missing export, a directory as register: one line each', () => {
    const r = calc(tmp(), join(ROOT, 'no-such.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr).not.toMatch(STACK);
    const r2 = cli(['calc', '--year', '2026', '--clinics', ROOT, '--out', tmp(), MARCH]);
    expect(r2.stderr).toBe(`vardval: error: ${ROOT}: is a directory, not a file\n`);
  });
});

describe('a bug is exit 70 with one line; the stack only with VARDVAL_DEBUG', () => {
  it('an unexpected exception', async () => {
    const { reportFailure } = await import('../src/cli.js');
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const before = process.exitCode;
    try {
      delete process.env.VARDVAL_DEBUG;
      await reportFailure(new TypeError('x is undefined (patient 19800101-1231)'));
      expect(process.exitCode).toBe(70);
      const text = write.mock.calls.map((c) => String(c[0])).join('');
      expect(text).toBe(
        'vardval: internal error (this is a bug, exit 70; please report it with the command line): TypeError: x is undefined (patient ########-****)\n  (set VARDVAL_DEBUG=1 for the stack trace)\n',
      );
      write.mockClear();
      process.env.VARDVAL_DEBUG = '1';
      await reportFailure(new TypeError('boom'));
      expect(write.mock.calls.map((c) => String(c[0])).join('')).toMatch(STACK);
    } finally {
      delete process.env.VARDVAL_DEBUG;
      write.mockRestore();
      process.exitCode = before;
    }
  });
});

function spawnShell(command: string): { code: number; stderr: string } {
  const r = spawnSync('sh', ['-c', command], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stderr: r.stderr };
}
