import { readFileSync } from 'node:fs';
import type { ToolJson } from '../output/json-schemas.js';

/**
 * Exit codes (70 = an internal error, a bug: EX_SOFTWARE of sysexits.h) and the tool's name and version: kept free of heavy imports because the CLI's
 * start-up (`vardval --help`, `--version`) loads this module and nothing else of the tool.
 */
export const EXIT = { ok: 0, checkFailed: 1, usage: 2, bug: 70 } as const;

let version: { name: string; version: string } | undefined;

export function toolVersion(): ToolJson {
  // dist/commands/exit.js → the package root's package.json
  version ??= JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
  return { name: version.name as ToolJson['name'], version: version.version };
}
