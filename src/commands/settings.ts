import { join } from 'node:path';
import type { Command, Option } from 'commander';
import { CONFIG_KEYS, type Settings } from '../app/config.js';

/**
 * Applies the config file and environment to a command and its subcommands, once, before the
 * arguments are parsed: each setting becomes the value of the option of the same long name,
 * marked with commander's source ('config' or 'env'), so an option on the command line replaces
 * it (option > environment > config > default) and a required option it provides is no longer
 * missing. A list option given on the command line replaces the configured list, it does not
 * add to it. `inputs` becomes the default of a command's files argument.
 */
export function applySettings(cmd: Command, settings: Settings): void {
  for (const sub of cmd.commands) applySettings(sub, settings);
  const keys = new Map(CONFIG_KEYS.map((k) => [k.key, k]));
  for (const option of cmd.options as Option[]) {
    const long = option.long?.replace(/^--(no-)?/, '');
    const spec = long ? keys.get(long) : undefined;
    const s = long ? settings.values.get(long) : undefined;
    if (!spec || !s || spec.notFor?.includes(cmd.name())) continue;
    // a command of one payment month (payout, report) takes its year from --month, not from the defaults
    if (spec.key === 'year' && cmd.options.some((x) => x.long === '--month')) continue;
    // --strict and --no-strict share one value; a negated option's flag must not take a text
    if (typeof s.value === 'boolean' && (option.required || option.optional)) continue;
    if (typeof s.value !== 'boolean' && !(option.required || option.optional)) continue;
    const attr = option.attributeName();
    cmd.setOptionValueWithSource(attr, s.value, s.source === 'environment' ? 'env' : 'config');
    if (Array.isArray(s.value) && option.parseArg) {
      const parse = option.parseArg.bind(option) as (v: string, prev: unknown) => unknown;
      option.argParser((v: string, prev: unknown) => parse(v, cmd.getOptionValueSource(attr) === 'cli' ? prev : undefined));
    }
  }
  const inputs = settings.values.get('inputs');
  const files = cmd.registeredArguments[0];
  if (inputs && files?.variadic && files.required) files.argOptional().default(inputs.value, `${inputs.origin}`);
}

/**
 * The file a command of one document writes: `--out FILE` on the command line as given; an `out`
 * from the config file or VARDVAL_OUT is the output directory of every command, so the file is
 * `fileName` in it; without either, `out/fileName`.
 */
export function outFile(cmd: Command, out: string | undefined, fileName: string): string {
  if (out === undefined) return join('out', fileName);
  return cmd.getOptionValueSource('out') === 'cli' ? out : join(out, fileName);
}
