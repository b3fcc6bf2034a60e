#!/usr/bin/env node
// Writes schemas/*.schema.json from the zod schemas (src/output/json-schemas.ts: the JSON
// documents vardval writes; src/output/file-schemas.ts: the YAML files a user writes). Runs from
// dist/ (`npm run schemas` builds first). test/schemas.test.ts fails when a committed file differs
// from what this writes, so a change of a JSON builder cannot leave its published schema behind.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { schemaFiles } from '../dist/output/file-schemas.js';

const dir = join(resolve(import.meta.dirname, '..'), 'schemas');
const files = schemaFiles();
// a schema no longer generated is removed, not left behind as a stale contract
for (const f of readdirSync(dir)) if (f.endsWith('.schema.json') && !(f in files)) rmSync(join(dir, f));
for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
process.stderr.write(`schemas: ${Object.keys(files).length} files written to ${dir}\n`);
