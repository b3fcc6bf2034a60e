#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` (the prepare script).
// A closed pipe (vardval … | head) is a normal end for a command-line tool, not a crash.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  // any other failure (a full disk: ENOSPC) is reported in one line by the CLI's own handler
});
import('../dist/cli.js')
  .then((m) => m.main(process.argv))
  .catch((err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
      process.stderr.write('vardval: dist/ is missing; run `npm ci` (or `npm run build`) first\n');
      process.exit(2);
    }
    process.stderr.write(`vardval: internal error (this is a bug, exit 70): ${err?.message ? err.message.split('\n')[0] : String(err)}\n`);
    process.exit(70);
  });
