#!/usr/bin/env node
// The package registry these machines reach serves only some platforms' builds of packages that
// ship native binaries as optional dependencies (biome, duckdb, oxc-parser): `npm install` leaves
// the others out of package-lock.json and `npm ci` then refuses the lockfile as out of sync.
// This adds, for every optional dependency named in the lock but missing from it, an entry with
// its version, os, cpu and libc, so `npm ci` skips it on this platform without fetching it.
// Run after `npm install <pkg>`:  node scripts/lock-optional-stubs.mjs
import fs from 'node:fs';

const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
const pk = lock.packages;
const OS = ['android', 'darwin', 'win32', 'linux', 'freebsd', 'openharmony', 'sunos', 'aix'];
let added = 0;
for (const meta of Object.values({ ...pk })) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    if (pk[`node_modules/${name}`]) continue;
    const base = name.split('/').pop();
    const os = OS.find((o) => base.includes(`-${o}-`) || base.endsWith(`-${o}`));
    const cpu = base.match(/(arm64|x64|ia32|arm|ppc64|riscv64|s390x|loong64|wasm32)/)?.[1];
    if (!os || !cpu) continue; // not a platform build: leave it to npm
    const entry = { version, cpu: [cpu], optional: true, os: [os] };
    if (os === 'linux') entry.libc = [/musl/.test(base) ? 'musl' : 'glibc'];
    pk[`node_modules/${name}`] = entry;
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(pk).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
fs.writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-optional-stubs: ${added} entr${added === 1 ? 'y' : 'ies'} added`);
