import { Option, type Command } from 'commander';
import type { CalcInput } from '../app/run-calc.js';
import type { Acknowledgement, SkippedFile } from '../model/completeness.js';
import { InputError } from '../input/errors.js';
import type { FormatProfile } from '../input/profile.js';
import type { RuleSet } from '../rules/ruleset.js';
import { CSV_DIALECTS, type CsvDialect } from '../output/csv.js';
import { LOCALES, type Locale } from '../output/locale.js';

/*
 * What every command shares: its options (defined from light modules only, so that `vardval
 * calc --help` and a usage error do not load the rule loader, zod, yaml and the readers) and the
 * steps of a run, which import what they use when they run.
 */

export { EXIT, toolVersion } from './exit.js';

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function parseYear(v: string): number {
  if (!/^\d{4}$/.test(v)) throw new InputError('--year', `expected a year like 2026, got '${v}'`);
  return Number(v);
}

/** Options that choose and adjust the rules: --year, --rules, --set. */
export function addRuleOptions(cmd: Command, opts: { yearRequired?: boolean } = {}): Command {
  const year = new Option('--year <YYYY>', 'FFU year: picks rules/ffu-YYYY.yaml').argParser(parseYear);
  if (opts.yearRequired) year.makeOptionMandatory();
  return cmd
    .addOption(year)
    .option('--rules <FILE>', 'use this rule file instead of the bundled one for --year')
    .option('--set <NAME=VALUE>', 'override a rule parameter for a what-if run (repeatable)', collect, [])
    .option('--scenario <FILE|ID>', 'overlay a scenario file, or a bundled scenario by id (repeatable, applied in order, before --set)', collect, []);
}

export interface RuleOptions {
  year?: number;
  rules?: string;
  set?: string[];
  scenario?: string[];
}

export async function loadRules(o: RuleOptions, yearOverride?: number): Promise<RuleSet> {
  const [{ applySets, loadRuleFile, loadRulesForYear }, { RuleError }] = await Promise.all([import('../rules/load.js'), import('../rules/ruleset.js')]);
  const year = yearOverride ?? o.year;
  let rules: RuleSet;
  if (o.rules && yearOverride === undefined) {
    rules = loadRuleFile(o.rules);
    if (year !== undefined && rules.year !== year) throw new RuleError(o.rules, undefined, 'year', `the file is for ${rules.year}, not --year ${year}`);
  } else if (year !== undefined) rules = loadRulesForYear(year);
  else throw new InputError('--year', 'give --year YYYY or --rules FILE');
  // the scenario loader only when there is a scenario to overlay
  if (o.scenario?.length) rules = (await import('../rules/scenario.js')).applyScenarioFiles(rules, o.scenario);
  return applySets(rules, o.set ?? []);
}

/** Options for reading exports, shared by calc, explain, payout, check and compare. */
export function addInputOptions(cmd: Command): Command {
  cmd
    .requiredOption('--clinics <FILE>', 'clinic register CSV (clinic_id;name;vardval;regi;municipality;fte;valid_from;valid_to;specialists)')
    .option('--from <YYYY-MM>', 'first activity month (default: first month in the data)')
    .option('--to <YYYY-MM>', 'last activity month (default: last month in the data)')
    .option('--input-format <NAME|FILE>', 'force a format profile (default: recognised from the header)')
    .option('--strict', 'stop at the first rejected row with exit 2 (for payout runs)', false);
  return addThreadsOption(addAckOptions(cmd));
}

/** Threads to read a large export on: the same outcome on any number, only faster. */
export function addThreadsOption(cmd: Command): Command {
  return cmd.option('--threads <N>', "threads to read a large visit export on (default: the machine's cores; 1: one thread)");
}

/** `--threads N` (also from VARDVAL_THREADS or the config file): a whole number from 1. */
export function threadsOf(o: { threads?: string }): { threads?: number } {
  if (o.threads === undefined) return {};
  const n = Number(o.threads);
  if (!/^\d+$/.test(String(o.threads).trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new InputError('--threads', `expected a whole number from 1, got '${o.threads}'`);
  return { threads: n };
}

/** Acknowledgements of contracted clinic-months without rows (calc, explain, payout, …). */
export function addAckOptions(cmd: Command): Command {
  return cmd
    .option(
      '--ack <CLINIC:YYYY-MM:REASON>',
      'acknowledge that a contracted clinic-month really had no activity (repeatable); recorded in the outputs',
      collect,
      [],
    )
    .option('--ack-file <FILE>', 'acknowledgements as CSV with the header clinic_id;month;reason');
}

export interface AckOptions {
  ack?: string[];
  ackFile?: string;
}

export async function acknowledgementsOf(o: AckOptions): Promise<Acknowledgement[]> {
  const { loadAckFile, parseAckOption } = await import('../input/acknowledgements.js');
  return [...(o.ackFile ? loadAckFile(o.ackFile) : []), ...(o.ack ?? []).map(parseAckOption)];
}

export interface InputOptions extends AckOptions {
  clinics: string;
  from?: string;
  to?: string;
  inputFormat?: string;
  strict?: boolean;
  threads?: string;
}

export async function forcedProfile(o: InputOptions): Promise<FormatProfile | undefined> {
  return o.inputFormat ? (await import('../input/profile.js')).resolveProfile(o.inputFormat) : undefined;
}

/** What a calculation reads, from the input options: exports, register, period, profile, strictness. */
export async function calcInputFrom(files: string[], o: InputOptions, skippedFiles: readonly SkippedFile[] = []): Promise<Omit<CalcInput, 'rules'>> {
  const profile = await forcedProfile(o);
  return {
    registerFile: o.clinics,
    inputs: files,
    skippedFiles,
    acknowledgements: await acknowledgementsOf(o),
    ...(o.from ? { from: o.from } : {}),
    ...(o.to ? { to: o.to } : {}),
    ...(profile ? { forcedProfile: profile } : {}),
    strict: o.strict ?? false,
    ...threadsOf(o),
  };
}

export function addOutputOptions(cmd: Command): Command {
  return cmd
    .option('--out <DIR>', 'directory for the CSV files', 'out')
    .addOption(
      new Option('--csv-dialect <DIALECT>', 'machine: comma, decimal point, UTF-8; excel-sv: semicolon, decimal comma, BOM')
        .choices(CSV_DIALECTS as string[])
        .default('machine'),
    )
    .addOption(new Option('--format <FORMAT>', 'stdout: a readable table or the whole result as JSON').choices(['table', 'json']).default('table'))
    .addOption(localeOption())
    .option('-q, --quiet', 'no progress or notes on stderr', false);
}

/** --locale: how amounts look in summary tables and messages (CSV and JSON never change). */
export function localeOption(): Option {
  return new Option('--locale <LOCALE>', 'amounts in tables and messages: en 1206754.84, sv 1 206 754,84').choices(LOCALES as string[]).default('en');
}

export interface OutputOptions {
  locale?: Locale;
  out: string;
  csvDialect: CsvDialect;
  format: 'table' | 'json';
  quiet?: boolean;
}

export { startProgress } from '../output/progress.js';
